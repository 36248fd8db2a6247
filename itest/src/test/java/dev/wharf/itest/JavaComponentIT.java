package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.failure;
import static dev.wharf.itest.WharfTestSupport.fromHost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.IncomingMessage;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.MessageHandler;
import dev.wharf.api.WasmComponent;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.ComponentInfo;
import dev.wharf.api.runtime.ComponentRuntime;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.util.tracker.ServiceTracker;

/** Java components that guests ask, and WebAssembly components that Java code references as services. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class JavaComponentIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ComponentRuntime runtime;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    /** Counts what it is sent, and answers a request with that count and the sender. */
    static final class Counting implements MessageHandler {
        final AtomicInteger seen = new AtomicInteger();

        @Override
        public void handle(IncomingMessage m) {
            int n = seen.incrementAndGet();
            if (m.isRequest()) {
                m.reply(Args.json("{\"seen\":" + n + ",\"from\":\"" + m.sender() + "\"}"));
            }
        }
    }

    @Test
    void aGuestAsksAJavaComponentUnderThePolicyAndItComesAndGoesWithItsService() {
        Counting sink = new Counting();
        ServiceRegistration<MessageHandler> r = context.registerService(MessageHandler.class, sink, new Hashtable<>(Map.of(
                MessageHandler.COMPONENT_ID, "javasink", MessageHandler.RECEIVE_FROM, "asker")));
        try {
            bundles().start("asker.wasm;id=asker;send-to=javasink", "asker");
            byte[] reply = await(dispatcher.ask(fromHost("asker", Args.json("{\"q\":1}")), Duration.ofSeconds(5)));
            assertThat(Args.jsonText(reply)).isEqualTo("{\"seen\":1,\"from\":\"asker\"}");

            ComponentInfo info = runtime.component(ComponentId.of("javasink")).orElseThrow();
            assertThat(info.engine()).contains(ComponentInfo.Engine.JAVA);
            String list = new Shell(processor).run("wasm:list");
            assertThat(list.lines().filter(l -> l.startsWith("javasink ")).findFirst().orElseThrow()).endsWith("java");

            // the policy: a sender its receive-from does not name is refused before the handler
            bundles().start("asker.wasm;id=asker2;send-to=javasink", "asker");
            WharfException denied = failure(dispatcher.ask(fromHost("asker2", Args.json("{}")), Duration.ofSeconds(5)));
            assertThat(denied).isInstanceOfSatisfying(GuestErrorException.class,
                    g -> assertThat(g.guestCode()).isEqualTo(ErrorCode.DENIED.code()));
            assertThat(sink.seen.get()).isEqualTo(1);
        } finally {
            r.unregister();
        }
        assertThat(runtime.component(ComponentId.of("javasink"))).isEmpty();
        WharfException gone = failure(dispatcher.ask(fromHost("asker", Args.json("{}")), Duration.ofSeconds(5)));
        assertThat(gone).isInstanceOfSatisfying(GuestErrorException.class,
                g -> assertThat(g.guestCode()).isEqualTo(ErrorCode.UNKNOWN_TARGET.code()));
    }

    @Test
    void aHandlerThatThrowsAnswersTheAskerAndGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        MessageHandler flaky = m -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first call fails");
            }
            m.reply(Args.json("\"ok\""));
        };
        ServiceRegistration<MessageHandler> r = context.registerService(MessageHandler.class, flaky,
                new Hashtable<>(Map.of(MessageHandler.COMPONENT_ID, "flaky")));
        try {
            WharfException first = failure(dispatcher.ask(fromHost("flaky", Args.json("{}")), Duration.ofSeconds(5)));
            assertThat(first.code()).isEqualTo(ErrorCode.GUEST_ERROR);
            assertThat(first.getMessage()).contains("first call fails");
            assertThat(Args.jsonText(await(dispatcher.ask(fromHost("flaky", Args.json("{}")), Duration.ofSeconds(5))))).isEqualTo("\"ok\"");
        } finally {
            r.unregister();
        }
    }

    @Test
    void aReferencedComponentServiceSurvivesASwapWithoutAnUnregistration() throws Exception {
        Bundle b = bundles().start("swap-v1.wasm;id=referenced", "swap-v1");
        ServiceTracker<WasmComponent, WasmComponent> t = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + WasmComponent.class.getName() + ")(wharf.component.id=referenced))"),
                null);
        t.open();
        List<Integer> events = new CopyOnWriteArrayList<>();
        ServiceListener listener = e -> events.add(e.getType());
        context.addServiceListener(listener, "(wharf.component.id=referenced)");
        try {
            WasmComponent c = t.waitForService(10_000);
            assertThat(c).isNotNull();
            assertThat(c.id()).isEqualTo(ComponentId.of("referenced"));
            assertThat(await(c.invoke("version")).values()).containsExactly(1);
            assertThat(t.getServiceReference().getProperty(WasmComponent.EXPORTS)).isInstanceOf(String[].class);
            c.tell(Args.json("{}"));

            b.update(ComponentBundles.stream(ComponentBundles.jar(b.getSymbolicName(), "2.0.0",
                    "swap-v2.wasm;id=referenced", Map.of("swap-v2.wasm", ComponentBundles.guest("swap-v2")))));
            eventually(() -> "2.0.0".equals(t.getServiceReference().getProperty(WasmComponent.VERSION)),
                    "the service's version follows the swap");
            assertThat(t.getService()).as("the same service object").isSameAs(c);
            assertThat(await(c.invoke("version")).values()).containsExactly(2);
            // the listeners hear of a change on the thread that makes it, maybe after the tracker: await them
            eventually(() -> events.contains(ServiceEvent.MODIFIED), "the service modified");
            assertThat(events).as("never unregistered").doesNotContain(ServiceEvent.UNREGISTERING);

            b.uninstall();
            eventually(() -> t.getService() == null, "gone with its bundle");
            eventually(() -> events.contains(ServiceEvent.UNREGISTERING), "the service unregistered");
        } finally {
            context.removeServiceListener(listener);
            t.close();
        }
    }

    ComponentBundles bundles() {
        return new ComponentBundles(context);
    }
}
