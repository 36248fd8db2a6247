package dev.wharf.runtime.internal.guest.component.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wharf.api.ComponentId;
import dev.wharf.api.ErrorCode;
import dev.wharf.api.GuestErrorException;
import dev.wharf.api.HealthStatus;
import dev.wharf.api.UnknownExportException;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.binary.ComponentWorldTest;
import dev.wharf.runtime.internal.component.wasi.WasiValues;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.GuestModule;
import dev.wharf.runtime.internal.guest.TestHost;
import dev.wharf.runtime.internal.guest.component.ComponentImports;
import dev.wharf.runtime.internal.guest.component.ComponentModule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Actor components, run for real (wat-actor: WAT, world stateful-actor; actor-echo: WAT, world
 * actor; js-actor: JavaScript on QuickJS, world stateful-actor; all built from
 * source by module wasm-components) against a fake host: messages in through handle-message,
 * replies, asks and sends out through wharf:actor/messaging with every refusal a case of its
 * error variant, health and state.
 */
class ActorComponentTest {

    static final WasmEngine ENGINE = new WasmEngine(true, 10_000);
    static final GuestModule JS_ACTOR = load("js-actor");
    static final GuestModule ACTOR_ECHO = load("actor-echo");
    static final GuestModule WAT_ACTOR = load("wat-actor");

    final List<Guest> guests = new ArrayList<>();
    final ComponentId sender = ComponentId.of("sender");

    static GuestModule load(String name) {
        return ComponentModule.load(ENGINE, ComponentWorldTest.component(name), 256, name + ".wasm",
                ComponentImports::provides);
    }

    @Test
    void aComponentExportingWharfActorStateKeepsState() {
        assertThat(WAT_ACTOR.keepsState()).isTrue();
        assertThat(WAT_ACTOR.stateFunctions()).hasSize(2).allMatch(f -> f.startsWith("wharf:actor/state@"))
                .anyMatch(f -> f.endsWith("#save-state")).anyMatch(f -> f.endsWith("#restore-state"));
        assertThat(ACTOR_ECHO.keepsState()).isFalse();
        assertThat(ACTOR_ECHO.stateFunctions()).isEmpty();
    }

    @AfterEach
    void close() {
        guests.forEach(Guest::close);
    }

    Guest start(GuestModule module, ActorHost host) {
        Guest g = module.instantiate(host);
        guests.add(g);
        g.initialize(TestHost.NO_DEADLINE);
        return g;
    }

    /** A JSON payload: the codec prefix 0x0200 as a varint, then the text. */
    static byte[] json(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[body.length + 2];
        out[0] = (byte) 0x80;
        out[1] = 0x04;
        System.arraycopy(body, 0, out, 2, body.length);
        return out;
    }

    static String text(byte[] json) {
        assertThat(json).startsWith((byte) 0x80, (byte) 0x04);
        return new String(json, 2, json.length - 2, StandardCharsets.UTF_8);
    }

    String ask(Guest g, String json) {
        byte[] reply = g.deliver(TestHost.NO_DEADLINE, sender, json(json), true);
        return reply == null ? null : text(reply);
    }

    String tell(Guest g, String json) {
        byte[] reply = g.deliver(TestHost.NO_DEADLINE, sender, json(json), false);
        return reply == null ? null : text(reply);
    }

    @Test
    void anAskIsAnsweredWithTheReplyAndAToldMessageIsHandledWithoutOne() {
        Guest g = start(WAT_ACTOR, new ActorHost("wat"));
        assertThat(ask(g, "\"c\"")).isEqualTo("1");
        assertThat(tell(g, "\"c\"")).isNull();
        assertThat(g.deliver(TestHost.NO_DEADLINE, ComponentId.HOST, json("\"c\""), true)).isEqualTo(json("3"));
        assertThat(ask(g, "\"g\"")).isEqualTo("3");
    }

    @Test
    void anAskHandledWithoutAReplyAnswersNothingAndAnErrOfItsOwnIsAGuestErrorWithItsText() {
        Guest g = start(JS_ACTOR, new ActorHost("js"));
        assertThat(ask(g, "{\"op\":\"silent\"}")).isNull();
        assertThatThrownBy(() -> ask(g, "{\"op\":\"fail\"}")).isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("'js'").hasMessageContaining("asked to fail")
                .satisfies(e -> assertThat(((GuestErrorException) e).code()).isEqualTo(ErrorCode.GUEST_ERROR));
        Guest wat = start(WAT_ACTOR, new ActorHost("wat"));
        assertThatThrownBy(() -> ask(wat, "\"f\"")).isInstanceOf(GuestErrorException.class)
                .hasMessageContaining("asked to fail");
        assertThat(ask(wat, "\"c\"")).as("it goes on").isEqualTo("1");
    }

    @Test
    void itAsksAndSendsAsItselfThroughTheHostAndEachRefusalIsACaseOfTheErrorVariant() {
        ActorHost host = new ActorHost("wat");
        host.replies.put("calc", json("{\"sum\":3}"));
        Guest g = start(WAT_ACTOR, host);
        assertThat(ask(g, "\"acalc\"")).isEqualTo("{\"sum\":3}");
        assertThat(host.asked).singleElement().satisfies(a -> {
            assertThat(a.to()).isEqualTo(ComponentId.of("calc"));
            assertThat(text(a.payload())).isEqualTo("\"e-back\"");
            assertThat(a.timeoutMs()).isEqualTo(2000);
        });
        assertThat(ask(g, "\"anobody\"")).isEqualTo("{\"refused\":0}"); // unknown-target
        assertThat(ask(g, "\"aNot An Id\"")).as("not an id").isEqualTo("{\"refused\":0}");
        host.refuseAsks = ErrorCode.DENIED;
        assertThat(ask(g, "\"acalc\"")).isEqualTo("{\"refused\":1}");
        host.refuseAsks = ErrorCode.TIMEOUT;
        assertThat(ask(g, "\"acalc\"")).isEqualTo("{\"refused\":9}");

        assertThat(ask(g, "\"saudit\"")).isEqualTo("\"sent\"");
        assertThat(host.sent).singleElement().satisfies(s -> {
            assertThat(s.to()).isEqualTo(ComponentId.of("audit"));
            assertThat(text(s.payload())).isEqualTo("\"c\"");
        });
        host.refuseSends = ErrorCode.MAILBOX_FULL;
        assertThat(ask(g, "\"saudit\"")).isEqualTo("{\"refused\":4}");
        host.refuseSends = ErrorCode.QUOTA_EXCEEDED;
        assertThat(ask(g, "\"saudit\"")).as("a code without a case of its own: other").isEqualTo("{\"refused\":16}");
        assertThat(ask(g, "\"g\"")).as("none of them counted").isEqualTo("0");
    }

    @Test
    void theJavaScriptActorRepliesAsksAndSendsThroughItsImports() {
        ActorHost host = new ActorHost("js");
        host.replies.put("calc", json("{\"sum\":3}"));
        Guest g = start(JS_ACTOR, host);
        assertThat(ask(g, "{\"op\":\"count\"}")).isEqualTo("{\"count\":1,\"from\":\"sender\"}");
        assertThat(ask(g, "{\"op\":\"ask\",\"to\":\"calc\",\"body\":{\"a\":1}}"))
                .isEqualTo("{\"count\":1,\"answer\":{\"sum\":3}}");
        assertThat(host.asked).singleElement().satisfies(a -> {
            assertThat(a.to()).isEqualTo(ComponentId.of("calc"));
            assertThat(text(a.payload())).isEqualTo("{\"a\":1}");
        });
        host.refuseAsks = ErrorCode.DENIED;
        assertThat(ask(g, "{\"op\":\"ask\",\"to\":\"calc\",\"body\":1}")).startsWith("{\"count\":1,\"error\":\"denied\"");
        assertThat(ask(g, "{\"op\":\"send\",\"to\":\"audit\",\"body\":\"hi\"}")).isEqualTo("{\"sent\":true}");
        assertThat(host.sent).singleElement().satisfies(s -> assertThat(text(s.payload())).isEqualTo("\"hi\""));
        assertThat(ask(g, "{\"op\":\"twice\"}")).isEqualTo("{\"first\":true}");
        assertThat(ask(g, "{\"op\":\"get\"}")).as("the second reply was refused")
                .isEqualTo("{\"count\":1,\"from\":\"sender\",\"lastError\":\"nothing-to-reply\"}");
    }

    @Test
    void itsHealthCheckIsItsOwnVerdict() {
        assertThat(JS_ACTOR.checksHealth()).isTrue();
        assertThat(WAT_ACTOR.checksHealth()).isTrue();
        assertThat(ACTOR_ECHO.checksHealth()).isFalse();
        Guest g = start(JS_ACTOR, new ActorHost("js"));
        assertThat(g.health(TestHost.NO_DEADLINE)).isEqualTo(HealthStatus.HEALTHY);
        tell(g, "{\"op\":\"sick\"}");
        assertThat(g.health(TestHost.NO_DEADLINE)).isEqualTo(new HealthStatus.Unhealthy("told to be sick"));
        assertThat(start(WAT_ACTOR, new ActorHost("wat")).health(TestHost.NO_DEADLINE)).isEqualTo(HealthStatus.HEALTHY);
        assertThat(start(ACTOR_ECHO, new ActorHost("echo")).health(TestHost.NO_DEADLINE)).isNull();
    }

    @Test
    void itsStatePassesToTheNextInstanceWhichMayRefuseABlobItDoesNotKnow() {
        for (GuestModule module : List.of(JS_ACTOR, WAT_ACTOR)) {
            Guest old = start(module, new ActorHost("a"));
            String count = module == JS_ACTOR ? "{\"op\":\"count\"}" : "\"c\"";
            for (int i = 0; i < 3; i++) {
                tell(old, count);
            }
            assertThat(old.savesState()).isTrue();
            byte[] state = old.saveState(TestHost.NO_DEADLINE);

            Guest fresh = start(module, new ActorHost("a"));
            assertThat(fresh.restoresState()).isTrue();
            fresh.restoreState(TestHost.NO_DEADLINE, state);
            Guest other = start(module, new ActorHost("a"));
            assertThatThrownBy(() -> other.restoreState(TestHost.NO_DEADLINE, "{\"v\":2}".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(GuestErrorException.class).hasMessageContaining("refused the state")
                    .hasMessageContaining("unknown state layout");
            if (module == JS_ACTOR) {
                assertThat(new String(state, StandardCharsets.UTF_8)).isEqualTo("{\"v\":1,\"count\":3}");
                Guest copy = start(module, new ActorHost("a"));
                copy.restoreState(TestHost.NO_DEADLINE, fresh.saveState(TestHost.NO_DEADLINE));
                assertThat(new String(copy.saveState(TestHost.NO_DEADLINE), StandardCharsets.UTF_8)).contains("\"count\":3");
            } else {
                assertThat(state).containsExactly(1, 3, 0, 0, 0);
                assertThat(ask(fresh, "\"c\"")).isEqualTo("4");
            }
        }
        assertThat(ACTOR_ECHO.instantiate(new ActorHost("echo")).savesState()).isFalse();
    }

    @Test
    void theWatActorEchoesAnAskAndHandlesAToldMessageAndAReplyWithoutCodecIsRefused() {
        Guest g = start(ACTOR_ECHO, new ActorHost("echo"));
        byte[] payload = json("\"abcdefghijkl\"");
        assertThat(g.deliver(TestHost.NO_DEADLINE, sender, payload, true)).isEqualTo(payload);
        assertThat(g.deliver(TestHost.NO_DEADLINE, sender, payload, false)).isNull();
        // reply refuses a payload without a codec prefix (unknown-codec): the ask gets no reply
        assertThat(g.deliver(TestHost.NO_DEADLINE, sender, new byte[] {(byte) 0xff, (byte) 0xff, 1}, true)).isNull();
        for (int i = 0; i < 1000; i++) { // its heap is reset after each call
            assertThat(g.deliver(TestHost.NO_DEADLINE, sender, payload, true)).isEqualTo(payload);
        }
    }

    @Test
    void aComponentWithoutHandlerTakesNoMessages() {
        GuestModule echo = ComponentModule.load(ENGINE, ComponentWorldTest.component("echo"), 64, "echo.wasm", n -> false);
        Guest g = start(echo, new ActorHost("plain"));
        assertThatThrownBy(() -> g.deliver(TestHost.NO_DEADLINE, sender, json("1"), true))
                .isInstanceOf(UnknownExportException.class).hasMessageContaining("handle-message");
        assertThat(g.health(TestHost.NO_DEADLINE)).isNull();
        assertThat(g.savesState()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void replyAnswersTheAskBeingHandledOnceAndNothingElse() {
        ActorMessaging messaging = new ActorMessaging(new ActorHost("m"));
        var reply = (dev.wharf.runtime.internal.component.link.ComponentFunction)
                ((java.util.Map<String, Object>) messaging.provide("wharf:actor/messaging@1.0.0")).get("reply");
        List<WitValue> payload = List.of(WasiValues.byteList(json("1")));
        assertThat(refusal(reply.call(payload))).as("no message handled").isEqualTo(ErrorCode.NOTHING_TO_REPLY);
        messaging.open(false);
        assertThat(refusal(reply.call(payload))).as("a told message").isEqualTo(ErrorCode.NOTHING_TO_REPLY);
        assertThat(messaging.close()).isNull();
        messaging.open(true);
        assertThat(refusal(List.of(WasiValues.err(ActorErrors.of(ErrorCode.TRAP, "x"))))).isEqualTo(ErrorCode.TRAP);
        assertThat(refusal(reply.call(List.of(WasiValues.byteList(new byte[] {(byte) 0xff, (byte) 0xff})))))
                .as("no codec prefix").isEqualTo(ErrorCode.UNKNOWN_CODEC);
        assertThat(reply.call(payload)).containsExactly(WasiValues.OK_UNIT);
        assertThat(refusal(reply.call(payload))).as("a second reply").isEqualTo(ErrorCode.NOTHING_TO_REPLY);
        assertThat(messaging.close()).isEqualTo(json("1"));
        assertThat(refusal(reply.call(payload))).as("after the message").isEqualTo(ErrorCode.NOTHING_TO_REPLY);
        assertThat(messaging.provide("wharf:actor/types@1.2.0")).isEqualTo(java.util.Map.of("error", ActorTypes.ERROR));
        assertThat(messaging.provide("wharf:actor/handler@1.0.0")).isNull();
    }

    /** The error code of a refused result. */
    static ErrorCode refusal(List<WitValue> results) {
        WitValue.ResultValue r = (WitValue.ResultValue) results.get(0);
        assertThat(r.ok()).isFalse();
        return ActorErrors.code(r.value());
    }

    @Test
    void anExportOfWharfActorWithAnotherTypeIsADeployErrorNamingBoth() {
        assertThatThrownBy(() -> load("bad-actor")).isInstanceOf(dev.wharf.api.InvalidComponentException.class)
                .hasMessageContaining("bad-actor.wasm exports 'wharf:actor/handler@1.0.0#handle-message' as "
                        + "func(message: string) -> u32")
                .hasMessageContaining("wharf:actor 1.x declares it func(message: record {");
    }

    @Test
    void theImportsOfAny1xVersionAreServedAndNoOther() {
        assertThat(ComponentImports.provides("wharf:actor/messaging@1.0.0")).isTrue();
        assertThat(ComponentImports.provides("wharf:actor/types@1.0.0")).isTrue();
        assertThat(ComponentImports.provides("wharf:actor/messaging@1.3.2")).isTrue();
        assertThat(ComponentImports.provides("wharf:actor/messaging@2.0.0")).isFalse();
        assertThat(ComponentImports.provides("wharf:actor/messaging@1.0.0-rc1")).isFalse();
        assertThat(ComponentImports.provides("wharf:actor/handler@1.0.0")).as("an export, not an import").isFalse();
        assertThat(ComponentImports.provides("wharf:actor/messaging")).isFalse();
    }

    @Test
    void everyErrorCodeMapsToItsOwnCaseOrToOther() {
        List<String> cases = ActorTypes.ERROR.cases().stream().map(c -> c.name()).toList();
        for (ErrorCode code : ErrorCode.values()) {
            var v = ActorErrors.of(code, "why");
            assertThat(ActorErrors.code(v)).isEqualTo(code);
            String expected = code.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            assertThat(cases.get(v.index())).isEqualTo(cases.contains(expected) ? expected : "other");
        }
        assertThat(Arrays.asList(ErrorCode.values())).as("every case but other names a code")
                .hasSizeGreaterThan(cases.size());
    }
}
