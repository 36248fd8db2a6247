package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.await;
import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.failure;
import static dev.wharf.itest.WharfTestSupport.fromHost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.MessageDispatcher;
import dev.wharf.api.WharfException;
import dev.wharf.testing.nats.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The lattice bundle in Felix and Equinox, against a real nats-server, with this test as the
 * other node: it speaks the lattice's protocol itself (announcements, queue subscriptions,
 * replies with headers), so what goes over the wire is checked, not only that two Wharf nodes
 * understand each other. The guest {@code asker} asks {@code javasink}, which only the test's node
 * hosts; messages from the test's node reach local guests under the local policy; the node
 * leaves, and when the configuration is deleted no lattice thread is left.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class LatticeProtocolIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin cm;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    @Test
    void speaksTheLatticeProtocolWithAnotherNode() throws Exception {
        Path binary = NatsServer.find();
        Assumptions.assumeTrue(binary != null || System.getenv("CI") != null, "nats-server is not installed");
        NatsServer nats = new NatsServer(binary);
        nats.start();
        Configuration config = cm.getConfiguration("dev.wharf.lattice", "?");
        Bundle asker = null;
        try (Connection other = Nats.connect(new Options.Builder().server(nats.url())
                .connectionName("test-node-x").build())) {
            // node x hosts javasink: it answers with the subject it got (receiver, sending node, sender)
            Dispatcher d = other.createDispatcher(m -> other.publish(NatsMessage.builder().subject(m.getReplyTo())
                    .headers(new Headers().put("Wharf-Node", "x"))
                    .data(("\u0080\u0004\"" + m.getSubject() + "\"").getBytes(StandardCharsets.ISO_8859_1)).build()));
            d.subscribe("wharf.proto.msg.javasink.*.*", "javasink");
            other.publish("wharf.proto.node.x", announcement("beat", "javasink"));

            config.update(new Hashtable<>(Map.of("servers", nats.url(), "lattice", "proto", "node", "local",
                    "heartbeat-ms", 200L, "node-timeout-ms", 1000L)));
            asker = new ComponentBundles(context).start("asker.wasm;id=asker;send-to=javasink", "asker");
            Shell shell = new Shell(processor);
            // the local node learns of x from x's beats, which x repeats as a node would
            eventually(() -> {
                other.publish("wharf.proto.node.x", announcement("beat", "javasink"));
                return shell.run("wasm:lattice").lines().anyMatch(l -> l.startsWith("x ") && l.endsWith("javasink"));
            }, "node x with javasink in wasm:lattice");
            assertThat(shell.run("wasm:list")).contains("  javasink: x").containsPattern("javasink .*REMOTE .*remote");

            // a local guest asks javasink on node x: the subject names the real sender and this node
            byte[] reply = await(dispatcher.ask(fromHost("asker", Args.json("{\"q\":1}")), Duration.ofSeconds(5)));
            assertThat(Args.jsonText(reply)).isEqualTo("\"wharf.proto.msg.javasink.local.asker\"");

            // node x asks the local asker as 'host': allowed, and asker's own ask comes back to x's javasink
            Message answer = other.request(NatsMessage.builder().subject("wharf.proto.msg.asker.x.host")
                    .data(Args.json("{\"from\":\"x\"}")).build(), Duration.ofSeconds(5));
            assertThat(answer).isNotNull();
            assertThat(answer.getHeaders().getFirst("Wharf-Node")).isEqualTo("local");
            assertThat(answer.getHeaders().getFirst("Wharf-Error")).isNull();
            assertThat(Args.jsonText(answer.getData())).isEqualTo("\"wharf.proto.msg.javasink.local.asker\"");
            // ... as a component asker does not receive from: refused by the local policy, with its code
            Message denied = other.request(NatsMessage.builder().subject("wharf.proto.msg.asker.x.intruder")
                    .data(Args.json("{}")).build(), Duration.ofSeconds(5));
            assertThat(denied.getHeaders().getFirst("Wharf-Error")).isEqualTo(Integer.toString(ErrorCode.DENIED.code()));
            assertThat(new String(denied.getData(), StandardCharsets.UTF_8))
                    .isEqualTo("component 'asker' does not receive from 'intruder' (receive-from: host only)");
            assertThat(shell.run("wasm:audit")).contains("intruder@x -> asker");
            // ... and with a payload that has no codec prefix: refused, named
            Message garbage = other.request(NatsMessage.builder().subject("wharf.proto.msg.asker.x.host")
                    .data(new byte[] {0x7f, 1, 2}).build(), Duration.ofSeconds(5));
            assertThat(garbage.getHeaders().getFirst("Wharf-Error")).isEqualTo(Integer.toString(ErrorCode.UNKNOWN_CODEC.code()));

            // ... from a sender whose id cannot be one: answered, not left to time out
            Message unreadable = other.request(NatsMessage.builder().subject("wharf.proto.msg.asker.x.NOT_AN_ID")
                    .data(Args.json("{}")).build(), Duration.ofSeconds(5));
            assertThat(unreadable.getHeaders().getFirst("Wharf-Error")).isEqualTo(Integer.toString(ErrorCode.UNKNOWN_TARGET.code()));
            assertThat(new String(unreadable.getData(), StandardCharsets.UTF_8)).contains("cannot read the subject");
            // a node speaks only for itself: x's announcement in the name of y is ignored
            other.publish("wharf.proto.node.x", ("wharf-lattice 1\nnode y\ninstance forged\nkind beat\nhosts javasink\n")
                    .getBytes(StandardCharsets.UTF_8));
            // x's next beat, after it on the same connection, is taken: by then the forged one was seen
            other.publish("wharf.proto.node.x", announcement("beat", "javasink marker"));
            eventually(() -> shell.run("wasm:lattice").contains("javasink,marker"), "x's beat after the forged one");
            assertThat(shell.run("wasm:lattice").lines()).noneMatch(l -> l.startsWith("y "));

            // x leaves: javasink is no longer reachable, and the guest's ask says so
            other.publish("wharf.proto.node.x", announcement("bye", ""));
            eventually(() -> !shell.run("wasm:lattice").contains("javasink"), "x gone from wasm:lattice");
            WharfException gone = failure(dispatcher.ask(fromHost("asker", Args.json("{}")), Duration.ofSeconds(5)));
            assertThat(gone).isInstanceOfSatisfying(GuestErrorException.class,
                    g -> assertThat(g.guestCode()).isEqualTo(ErrorCode.UNKNOWN_TARGET.code()));
        } finally {
            if (asker != null) {
                asker.uninstall();
            }
            config.delete();
            nats.stop();
        }
        // without its configuration the lattice is gone, threads and all
        Shell shell = new Shell(processor);
        eventually(() -> shell.run("wasm:lattice").contains("error: this container is in no lattice"), "no lattice");
        eventually(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("wharf-lattice")),
                "no wharf-lattice thread left: " + List.copyOf(Thread.getAllStackTraces().keySet()).stream()
                        .map(Thread::getName).filter(n -> n.startsWith("wharf-lattice")).toList());
    }

    private static byte[] announcement(String kind, String hosts) {
        return ("wharf-lattice 1\nnode x\ninstance test-x\nkind " + kind + "\nhosts " + hosts + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
