package dev.wharf.example.javacomponent;

import dev.wharf.api.Codec;
import dev.wharf.api.IncomingMessage;
import dev.wharf.api.MessageHandler;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;

/**
 * Component {@code audit-sink}, written in Java: it receives from every component, counts what it
 * receives and answers a request with {@code {"seen":N,"from":"<sender>"}}.
 *
 * <pre>
 * g! wasm:ask audit-sink '"hello"'
 * {"seen":1,"from":"host"}
 * </pre>
 *
 * A WebAssembly component whose {@code send-to} admits {@code audit-sink} reaches it with
 * {@code send} or {@code ask} like any other component; the security policy checks both sides.
 */
@Component(service = MessageHandler.class, property = {
    MessageHandler.COMPONENT_ID + "=audit-sink",
    MessageHandler.RECEIVE_FROM + "=*",
    MessageHandler.MAILBOX + "=10000"})
public final class AuditSink implements MessageHandler {

    /** Only handle touches it, and the runtime hands it one message at a time. */
    private long seen;

    @Override
    public void handle(IncomingMessage message) {
        seen++;
        if (message.isRequest()) {
            // sender ids are [a-z0-9._-]: nothing to escape
            String json = "{\"seen\":" + seen + ",\"from\":\"" + message.sender() + "\"}";
            message.reply(Codec.JSON.encode(json.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
