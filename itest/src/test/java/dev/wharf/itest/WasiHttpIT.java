package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.WasmComponent;
import dev.wharf.api.WitCase;
import dev.wharf.spi.security.AuditLog;
import java.util.List;
import org.apache.felix.service.command.CommandProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * wasi:http/outgoing-handler over the http capability, for real: http-fetch (C, wasi:http 0.2.12,
 * built by module wasm-components) deployed in a component bundle with capabilities=http and an
 * http-allow, its requests going through the security policy, http-allow, the capability's
 * limits and the audit to a server on the loopback interface; a host outside http-allow is the
 * error-code HTTP-request-denied the guest returns, and nothing reaches the network.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class WasiHttpIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    AuditLog auditLog;

    @InjectService(timeout = 10_000)
    CommandProcessor processor;

    ComponentBundles bundles;

    @BeforeEach
    void setUp() {
        bundles = new ComponentBundles(context);
    }

    @Test
    void outgoingRequestsReachAnAllowedHostAndARefusedOneIsTheErrorCodeTheGuestReturns() throws Exception {
        try (LoopbackServer server = new LoopbackServer("hi there")) {
            Bundle b = bundles.start("components/http-fetch.wasm;id=wasi-fetch;capabilities=http;"
                    + "http-allow=127.0.0.1;timeout-ms=5000", "components/http-fetch");
            try {
                WasmComponent fetch = WharfTestSupport.wasmComponent(context, "wasi-fetch");
                String base = "http://127.0.0.1:" + server.port();
                assertThat(fetch.callFunction("fetch", base + "/hello?x=1"))
                        .containsExactly(WitCase.ok(List.of(200, "hi there")));
                assertThat(fetch.callFunction("post", base + "/form", "a=1"))
                        .containsExactly(WitCase.ok(List.of(200, "hi there")));
                assertThat(server.requests()).hasSize(2);
                assertThat(server.requests().get(0)).startsWith("GET /hello?x=1 HTTP/1.1");
                assertThat(server.requests().get(1)).startsWith("POST /form HTTP/1.1").containsIgnoringCase(
                        "content-type: text/plain");

                String denied = "http://localhost:" + server.port() + "/secret";
                assertThat(fetch.callFunction("fetch", denied)).containsExactly(WitCase.err("HTTP-request-denied"));
                assertThat(server.requests()).as("nothing reached the network").hasSize(2);
                eventually(() -> auditLog.newest(50).stream().anyMatch(a -> !a.allowed()
                        && a.target().equals("wharf:http.request") && a.reason().contains("localhost:" + server.port())),
                        "the denial audited");
            } finally {
                b.uninstall();
            }
        }
    }

    @Test
    void aComponentImportingOutgoingHandlerWithoutDeclaringHttpIsNotDeployed() throws Exception {
        Bundle b = bundles.start("components/http-fetch.wasm;id=wasi-fetch-undeclared", "components/http-fetch");
        try {
            Shell shell = new Shell(processor);
            eventually(() -> shell.run("wasm:info wasi-fetch-undeclared").contains("does not declare capability 'http'"),
                    "the deploy refused, naming the capability");
            assertThat(shell.run("wasm:info wasi-fetch-undeclared")).contains("INVALID")
                    .contains("wasi:http/outgoing-handler");
        } finally {
            b.uninstall();
        }
    }
}
