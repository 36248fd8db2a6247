/** Marks this bundle as a component bundle: bnd writes the requirement on the Wharf extender into its manifest. */
@RequireWharfComponents
package dev.wharf.example.httphello;

import dev.wharf.api.annotation.RequireWharfComponents;
