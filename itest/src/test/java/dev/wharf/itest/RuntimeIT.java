package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ComponentMessage;
import dev.wharf.api.ComponentState;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.RestartRecord;
import dev.wharf.api.UnknownComponentException;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import dev.wharf.api.runtime.ComponentStats;
import dev.wharf.api.runtime.HealthReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** The management API, {@link ComponentRuntime}, against real guests. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class RuntimeIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @Test
    void componentsAreSnapshotsOfTheLiveOnesAndOfThoseTheRegistryRemembers() throws Exception {
        Bundle b = new ComponentBundles(context).start("calc.wasm;id=rt.calc;timeout-ms=300;mailbox=7", "calc");
        ComponentInfo live = runtime.component(ComponentId.of("rt.calc")).orElseThrow();
        assertThat(live.live()).isTrue();
        assertThat(live.metadata().state()).isEqualTo(ComponentState.READY);
        assertThat(live.metadata().spec().limits().mailbox()).isEqualTo(7);
        assertThat(live.engine()).contains(ComponentInfo.Engine.COMPILED);
        assertThat(live.metadata().export("add")).isPresent();
        assertThat(runtime.components()).extracting(ComponentInfo::id).contains(ComponentId.of("rt.calc"));

        b.stop();
        ComponentInfo stopped = runtime.component(ComponentId.of("rt.calc")).orElseThrow();
        assertThat(stopped.live()).isFalse();
        assertThat(stopped.metadata().state()).isEqualTo(ComponentState.STOPPED);
        assertThat(runtime.history(ComponentId.of("rt.calc"))).extracting(c -> c.state())
                .containsSubsequence(ComponentState.READY, ComponentState.STOPPED);
        assertThat(runtime.stats(ComponentId.of("rt.calc"))).isEmpty();
        b.uninstall();
        assertThat(runtime.component(ComponentId.of("rt.calc"))).isEmpty();
    }

    @Test
    void statsCountWhatTheGuestHandled() {
        new ComponentBundles(context).start("mailbox.wasm;id=rt.box", "mailbox");
        for (int i = 0; i < 5; i++) {
            assertThat(dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("rt.box"),
                    Args.json("1"))).accepted()).isTrue();
        }
        // the guest's own count and the runtime's agree
        assertThat(invoke(dispatcher, "rt.box", "count", Args.json("[]")).values()).containsExactly(5);
        ComponentStats s = runtime.stats(ComponentId.of("rt.box")).orElseThrow();
        assertThat(s.messagesIn()).isEqualTo(6); // five messages and the invoke
        assertThat(s.messagesFailed()).isZero();
        assertThat(s.latencyP50Nanos()).isPositive();
        assertThat(runtime.stats()).extracting(ComponentStats::id).contains(ComponentId.of("rt.box"));
    }

    @Test
    void deadLettersAndDeploymentProblemsAreRecords() {
        long before = runtime.deadLetterCount();
        assertThat(dispatcher.tell(new ComponentMessage.InterComponent(ComponentId.HOST, ComponentId.of("rt.nobody"),
                Args.json("1"))).accepted()).isFalse();
        assertThat(runtime.deadLetterCount()).isGreaterThan(before);
        assertThat(runtime.deadLetters(50)).filteredOn(d -> d.to().equals(ComponentId.of("rt.nobody"))).singleElement().satisfies(d -> {
            assertThat(d.to()).isEqualTo(ComponentId.of("rt.nobody"));
            assertThat(d.code()).isEqualTo(ErrorCode.UNKNOWN_TARGET);
        });
        assertThatThrownBy(() -> runtime.deadLetters(0)).isInstanceOf(IllegalArgumentException.class);

        Bundle bad = new ComponentBundles(context).start("calc.wasm;id=rt.bad;mailbox=none", "calc");
        assertThat(runtime.problems()).filteredOn(p -> p.bundleId() == bad.getBundleId()).singleElement().satisfies(p -> {
            assertThat(p.componentId()).contains("rt.bad");
            assertThat(p.message()).contains("mailbox").contains("none");
        });
    }

    @Test
    void restartAndCheckHealthActOnTheGuest() {
        new ComponentBundles(context).start("patient.wasm;id=rt.patient", "patient");
        assertThat(invoke(dispatcher, "rt.patient", "inc", Args.json("[]")).values()).containsExactly(1);
        runtime.restart(ComponentId.of("rt.patient"));
        // a fresh instance: the guest's counter starts again
        assertThat(invoke(dispatcher, "rt.patient", "inc", Args.json("[]")).values()).containsExactly(1);
        eventually(() -> runtime.component(ComponentId.of("rt.patient")).orElseThrow().metadata().restartCount() == 1,
                "restart counted");
        assertThat(runtime.component(ComponentId.of("rt.patient")).orElseThrow().metadata().restarts())
                .last().extracting(RestartRecord::reason).isEqualTo(RestartRecord.Reason.OPERATOR);

        invoke(dispatcher, "rt.patient", "set_health", Args.json("[1]"));
        HealthReport report = await(runtime.checkHealth(ComponentId.of("rt.patient")));
        assertThat(report.status()).isEqualTo(new HealthStatus.Degraded("_health returned 1"));
        assertThat(report.state()).isEqualTo(ComponentState.READY);
        assertThat(report.consecutiveUnhealthy()).isZero();
        assertThat(report.lastCheck()).isPresent();
        assertThatThrownBy(() -> runtime.restart(ComponentId.of("rt.nobody"))).isInstanceOf(UnknownComponentException.class);
        assertThat(WharfTestSupport.failure(runtime.checkHealth(ComponentId.of("rt.nobody"))))
                .isInstanceOf(UnknownComponentException.class);
    }
}
