package dev.wharf.runtime.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.runtime.internal.actor.Origin;
import org.junit.jupiter.api.Test;

/** Which problems another bundle's departure may lift, and that a retry meeting one unchanged stays quiet. */
class DeploymentProblemsTest {

    final DeploymentProblems problems = new DeploymentProblems();
    final Origin waiter = new Origin(7, "waiter", "1.0.0");
    final Origin broken = new Origin(8, "broken", "1.0.0");

    @Test
    void onlyProblemsHeldByTheBundleThatGoesAreTriedAgain() {
        problems.report(waiter, "calc", "calc.wasm", "id 'calc' is a duplicate", new DeploymentProblems.Holder(3, false));
        problems.report(waiter, "kv", "kv.wasm", "id 'kv' is owned by other", new DeploymentProblems.Holder(4, true));
        problems.report(broken, "bad", "bad.wasm", "not a valid WebAssembly module", null);
        assertThat(problems.waitingOn(3, false)).containsExactly(7L);
        assertThat(problems.waitingOn(4, false)).as("an owner that only stops keeps its ids").isEmpty();
        assertThat(problems.waitingOn(4, true)).containsExactly(7L);
        assertThat(problems.waitingOn(9, true)).isEmpty();
        problems.retrying(7);
        assertThat(problems.all()).extracting(p -> p.bundleId()).containsExactly(8L);
        problems.clear(8);
        assertThat(problems.all()).isEmpty();
    }
}
