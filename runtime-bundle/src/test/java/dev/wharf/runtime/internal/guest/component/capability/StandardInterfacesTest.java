package dev.wharf.runtime.internal.guest.component.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.ErrorCode;
import dev.wharf.api.WitCase;
import dev.wharf.runtime.internal.component.binary.ComponentWorldTest;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.engine.WasmEngine;
import dev.wharf.runtime.internal.guest.Guest;
import dev.wharf.runtime.internal.guest.TestHost;
import dev.wharf.runtime.internal.guest.ValueForm;
import dev.wharf.runtime.internal.guest.component.ComponentImports;
import dev.wharf.runtime.internal.guest.component.ComponentModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standard interfaces served over capabilities, end to end with the component wasi-kv (WAT:
 * wasi:keyvalue 0.2.0-draft2, wasi:config 0.2.0-draft-2024-09-27 and wasi:logging 0.1.0-draft,
 * as Spin 3 components import them): each call goes through the host's capability path, and
 * what the capabilities answer comes back to the guest and out of it. wasi-draft (JavaScript,
 * the versions wasmCloud components import) is called too, through its runtime's function table
 * (TableBridge); wasi-kv-draft (WAT,
 * wasi:keyvalue 0.2.0-draft, wasi:config 0.2.0-draft and 0.2.0-rc.1, as wasmCloud imports them)
 * is called.
 */
class StandardInterfacesTest {

    static final WasmEngine ENGINE = new WasmEngine(true, 10_000);
    static ComponentModule kv;
    static ComponentModule draft;
    static ComponentModule kvDraft;

    final FakeCapabilities host = new FakeCapabilities();
    final List<Guest> guests = new ArrayList<>();

    @BeforeAll
    static void load() {
        kv = load("wasi-kv");
        draft = load("wasi-draft");
        kvDraft = load("wasi-kv-draft");
    }

    static ComponentModule load(String name) {
        return ComponentModule.load(ENGINE, ComponentWorldTest.component(name), 256, name + ".wasm",
                ComponentImports::provides);
    }

    @AfterEach
    void close() {
        guests.forEach(Guest::close);
    }

    Guest start(ComponentModule module) {
        Guest g = module.instantiate(host);
        guests.add(g);
        g.initialize(TestHost.NO_DEADLINE);
        return g;
    }

    static Object call(Guest g, String function, Object... args) {
        return ((List<?>) g.call(TestHost.NO_DEADLINE, function, ValueForm.JAVA, args)).get(0);
    }

    static WitCase other(String text) {
        return WitCase.err(new WitCase("other", text));
    }

    @Test
    void theCapabilityFunctionsOfEachInterfaceAreItsCapabilityImportsNamingIt() {
        assertThat(kv.capabilityImports()).extracting(CapabilityImport::qualifiedName).containsExactly(
                "wharf:kv.get", "wharf:kv.set", "wharf:kv.delete", "wharf:kv.list", "wharf:kv.increment", "wharf:kv.cas",
                "wharf:config.get", "wharf:config.list");
        assertThat(kv.capabilityImports().get(0).imported())
                .isEqualTo("'wasi:keyvalue/store@0.2.0-draft2' (served by 'wharf:kv.get')");
        assertThat(draft.capabilityImports()).extracting(CapabilityImport::qualifiedName)
                .containsExactly("wharf:kv.get", "wharf:kv.set", "wharf:kv.delete", "wharf:kv.list", "wharf:kv.increment",
                        "wharf:config.get", "wharf:config.list");
        assertThat(CapabilityFunctions.of("wasi:http/outgoing-handler@0.2.3")).extracting(CapabilityImport::imported)
                .containsExactly("'wasi:http/outgoing-handler@0.2.3' (served by 'wharf:http.request')");
        assertThat(CapabilityFunctions.of("wasi:logging/logging@0.1.0-draft")).isEmpty();
        assertThat(CapabilityFunctions.of("wasi:keyvalue/store@0.2.0-draft3")).isEmpty();
    }

    @Test
    void wasmCloudsVersionsLinkAndInstantiate() {
        assertThat(ComponentImports.provides("wasi:config/store@0.2.0-rc.1")).isTrue();
        assertThat(ComponentImports.provides("wasi:keyvalue/batch@0.2.0-draft")).isTrue();
        assertThat(ComponentImports.provides("wasi:keyvalue/store@0.2.0")).isFalse();
        assertThat(ComponentImports.provides("wasi:logging/logging@0.1.0")).isFalse();
        start(draft); // every import of wasi:keyvalue 0.2.0-draft, wasi:config 0.2.0-draft and 0.2.0-rc.1 resolved
        assertThat(host.calls).isEmpty();
    }

    @Test
    void theJavaScriptComponentCallsItsImportsThroughTheTableOfItsRuntime() {
        host.config.put("greeting", "hallo");
        Guest g = start(draft);
        assertThat(call(g, "count", "visits", 5L)).isEqualTo(WitCase.ok(5L));
        assertThat(call(g, "count", "visits", 2L)).isEqualTo(WitCase.ok(7L));
        assertThat(call(g, "setting", "greeting")).isEqualTo(WitCase.ok(Optional.of("hallo")));
        assertThat(call(g, "fill", "b", 3)).isEqualTo(WitCase.ok(List.of("k0", "k1", "k2")));
        assertThat(call(g, "fetch-many", "b", List.of("k0", "zz"))).isEqualTo(WitCase.ok(List.of(Optional.of("0"), Optional.empty())));
        assertThat(host.lines).containsExactly("DEBUG visits is 5", "DEBUG visits is 7");
    }

    @Test
    void wasmCloudsVersionsCountWithAU64AndReadConfig() {
        host.config.put("greeting", "moin");
        Guest g = start(kvDraft);
        assertThat(call(g, "count", "", "visits", 40L)).isEqualTo(WitCase.ok(40L));
        assertThat(call(g, "count", "default", "visits", 2L)).isEqualTo(WitCase.ok(42L));
        assertThat(call(g, "setting", "greeting")).isEqualTo(WitCase.ok(Optional.of("moin")));
        assertThat(call(g, "setting-draft", "greeting")).isEqualTo(WitCase.ok(Optional.of("moin")));
        assertThat(call(g, "setting-draft", "absent")).isEqualTo(WitCase.ok(Optional.empty()));
        host.deny = ErrorCode.DENIED;
        assertThat(call(g, "count", "", "visits", 1L)).isEqualTo(WitCase.err(WitCase.of("access-denied")));
        host.deny = null;
        assertThat(call(g, "count", "bad/name", "visits", 1L)).isEqualTo(WitCase.err(WitCase.of("no-such-store")));
    }

    @Test
    void countingIncrementsAnS64CounterThroughTheKvCapabilityAndLogsIt() {
        Guest g = start(kv);
        assertThat(call(g, "count", "", "visits")).isEqualTo(WitCase.ok(1L));
        assertThat(call(g, "count", "default", "visits")).isEqualTo(WitCase.ok(2L));
        assertThat(host.kv.get("visits")).containsExactly(2, 0, 0, 0, 0, 0, 0, 0);
        assertThat(host.calls).containsExactly("wharf:kv.increment", "wharf:kv.increment");
        assertThat(host.lines).containsExactly("INFO counted: visits", "INFO counted: visits");
        assertThat(call(g, "count", "pages", "visits")).as("another bucket, another counter").isEqualTo(WitCase.ok(1L));
        assertThat(host.kv).containsOnlyKeys("visits", "pages:visits");
    }

    @Test
    void aBucketIsAPrefixOfTheComponentsStoreAndDefaultIsTheStoreItself() {
        Guest g = start(kv);
        assertThat(call(g, "put", "photos", "cat", "grüß")).isEqualTo(WitCase.ok(null));
        assertThat(host.text("photos:cat")).isEqualTo("grüß");
        assertThat(call(g, "fetch", "photos", "cat")).isEqualTo(WitCase.ok(Optional.of("grüß")));
        assertThat(call(g, "fetch", "default", "photos:cat")).isEqualTo(WitCase.ok(Optional.of("grüß")));
        assertThat(call(g, "fetch", "", "cat")).isEqualTo(WitCase.ok(Optional.empty()));
    }

    @Test
    void configReadsTheComponentsValues() {
        host.config.put("greeting", "hallo");
        Guest g = start(kv);
        assertThat(call(g, "setting", "greeting")).isEqualTo(WitCase.ok(Optional.of("hallo")));
        assertThat(call(g, "setting", "missing")).isEqualTo(WitCase.ok(Optional.empty()));
        assertThat(host.calls).containsOnly("wharf:config.get");
    }

    @Test
    void aFailedCallIsTheInterfacesErrorWithATextNamingItAndTheInstanceGoesOn() {
        Guest g = start(kv);
        host.deny = ErrorCode.DENIED;
        assertThat(call(g, "count", "", "n")).isEqualTo(WitCase.err(WitCase.of("access-denied")));
        assertThat(call(g, "setting", "k")).isEqualTo(WitCase.err(new WitCase("upstream",
                "the security policy denies capability 'config' to the component (-2)")));
        host.deny = ErrorCode.QUOTA_EXCEEDED;
        assertThat(call(g, "put", "", "k", "v")).isEqualTo(other(
                "the component's kv store would exceed its quota (kv-max-bytes); nothing was written (-33)"));
        host.deny = ErrorCode.CAPABILITY_UNAVAILABLE;
        assertThat(call(g, "fetch", "", "k")).isEqualTo(other("no provider of capability 'kv' is present now (-30)"));
        host.deny = ErrorCode.NO_POLICY;
        assertThat(call(g, "count", "", "n")).isEqualTo(other(
                "no security policy is present, so every capability call is refused (-25)"));
        host.deny = null;
        assertThat(call(g, "put", "a/b", "k", "v")).isEqualTo(WitCase.err(WitCase.of("no-such-store")));
        assertThat(call(g, "put", "", "", "v")).isEqualTo(other("a key may not be empty"));
        assertThat(call(g, "put", "b", "k".repeat(1023), "v")).isEqualTo(other("key '" + "k".repeat(40)
                + "...' has 1025 bytes with its bucket's prefix; a key has at most 1024"));
        assertThat(call(g, "put", "", "text", "abc")).isEqualTo(WitCase.ok(null));
        host.deny = ErrorCode.INVALID_ARGUMENTS; // as the kv capability answers for a value that is no counter
        assertThat(call(g, "count", "", "text")).isEqualTo(other("the value of key 'text' is no counter (an s64 of 8 "
                + "bytes, little-endian) or the sum would leave the s64 range; nothing was written (-21)"));
        host.deny = null;
        assertThat(call(g, "count", "", "n")).isEqualTo(WitCase.ok(1L));
    }

    @Test
    void anInstanceHoldsABoundedNumberOfBucketsAndANewInstanceStartsWithNone() {
        Guest g = start(kv);
        for (int i = 0; i < KvBuckets.MAX_BUCKETS; i++) {
            assertThat(call(g, "put", "b" + i, "k", "v")).isEqualTo(WitCase.ok(null));
        }
        assertThat(call(g, "put", "b0", "k", "again")).as("one opened before").isEqualTo(WitCase.ok(null));
        assertThat(call(g, "put", "one-more", "k", "v")).isEqualTo(other(
                "an instance opens at most 64 different buckets; 'one-more' would be one more"));
        Guest next = start(kv);
        assertThat(call(next, "put", "one-more", "k", "v")).isEqualTo(WitCase.ok(null));
    }
}
