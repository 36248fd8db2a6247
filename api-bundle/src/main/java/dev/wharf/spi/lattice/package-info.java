/**
 * The lattice plug-in point: a {@link dev.wharf.spi.lattice.LatticeLink} (provided by the
 * {@code dev.wharf.lattice} bundle) carries the messages whose receiver is not hosted by this
 * container to another container of the lattice; the runtime's
 * {@link dev.wharf.spi.lattice.LatticeDelivery} takes the messages that arrive from other
 * containers and puts them, under this container's security policy, into local mailboxes.
 * Without a link the container is alone: a message to an id it does not host is refused as
 * unknown.
 */
@Version("2.0.0")
@Export
package dev.wharf.spi.lattice;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
