package dev.wharf.peer;

import static dev.wharf.peer.ExtismPlugins.call;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.extism.sdk.chicory.ExtismFunctionException;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.Plugin;
import org.extism.sdk.chicory.http.HttpClientAdapter;
import org.extism.sdk.chicory.http.HttpConfig;
import org.extism.sdk.chicory.http.HttpJsonCodec;
import org.junit.jupiter.api.Test;

/** cplugin.wasm (C on guest/extism/extism.h) and fetch.wasm (http_request) on Extism's SDK. */
class CAndFetchPluginTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void cPluginGreetsReversesAndFails() {
        assumeTrue(ExtismPlugins.built("cplugin"), "cplugin.wasm is built only where clang is installed");
        Plugin plugin = ExtismPlugins.plugin("cplugin", new Manifest.Options());
        assertThat(call(plugin, "greet", "World")).isEqualTo("Hello, World!");
        assertThat(call(plugin, "reverse", "abc\u00e9")).isEqualTo(new String(new byte[] {(byte) 0xa9, (byte) 0xc3, 'c', 'b', 'a'}, UTF_8));
        assertThat(call(plugin, "reverse", "")).isEmpty();
        assertThatThrownBy(() -> call(plugin, "fail", ""))
                .isInstanceOf(ExtismFunctionException.class)
                .extracting(e -> ((ExtismFunctionException) e).getError())
                .isEqualTo("c plugin failed");
    }

    @Test
    void fetchGetsAUrl() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hello", exchange -> {
            byte[] body = ("you asked " + exchange.getRequestMethod()).getBytes(UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Manifest.Options options = new Manifest.Options().withAllowedHosts("127.0.0.1").withHttpConfig(httpConfig());
            Plugin plugin = ExtismPlugins.plugin("fetch", options);
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hello";
            assertThat(call(plugin, "http_get", url)).isEqualTo("201 you asked GET");
        } finally {
            server.stop(0);
        }
    }

    /**
     * The SDK links http_request only with an HttpConfig; its ready-made codec and client are
     * separate artifacts, so these are small ones of the test's own (Jackson, java.net.http).
     */
    private static HttpConfig httpConfig() {
        HttpJsonCodec codec = new HttpJsonCodec() {
            @Override
            public RequestMetadata decodeMetadata(byte[] json) {
                try {
                    JsonNode request = JSON.readTree(json);
                    Map<String, String> headers = new LinkedHashMap<>();
                    request.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
                    String method = request.path("method").asText("GET");
                    URI uri = URI.create(request.get("url").asText());
                    return new RequestMetadata() {
                        @Override public String method() { return method; }
                        @Override public URI uri() { return uri; }
                        @Override public Map<String, String> headers() { return headers; }
                    };
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public byte[] encodeHeaders(Map<String, List<String>> headers) {
                try {
                    return JSON.writeValueAsBytes(headers);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        HttpClientAdapter client = new HttpClientAdapter() {
            private final HttpClient http = HttpClient.newHttpClient();
            private HttpResponse<byte[]> last;

            @Override
            public byte[] request(String method, URI uri, Map<String, String> headers, byte[] body) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method,
                        body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
                headers.forEach(request::header);
                try {
                    last = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return last.body();
            }

            @Override
            public int statusCode() {
                return last == null ? 0 : last.statusCode();
            }

            @Override
            public Map<String, List<String>> headers() {
                return last == null ? Map.of() : last.headers().map();
            }
        };
        return HttpConfig.builder().withJsonCodec(() -> codec).withClientAdapter(() -> client).build();
    }
}
