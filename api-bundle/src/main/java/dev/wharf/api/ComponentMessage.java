package dev.wharf.api;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A message for a component. Payloads are codec-prefixed byte arrays (see {@link Codec}); the
 * host never translates them. A payload array is handed over with the message: the sender must
 * not change it afterwards.
 */
public sealed interface ComponentMessage {

    /** Correlates a request with its answer, when the sender asked for one. */
    Optional<String> correlationId();

    /**
     * Call the exported function {@code function} with {@code args}: a codec-prefixed list of
     * numbers in the function's parameter order.
     */
    record Invoke(String function, byte[] args, Optional<String> correlationId) implements ComponentMessage {
        public Invoke {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(args, "args");
            Objects.requireNonNull(correlationId, "correlationId");
        }

        public Invoke(String function, byte[] args) {
            this(function, args, Optional.empty());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Invoke i && function.equals(i.function) && Arrays.equals(args, i.args)
                    && correlationId.equals(i.correlationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(function, Arrays.hashCode(args), correlationId);
        }

        @Override
        public String toString() {
            return "Invoke[" + function + ", " + args.length + " bytes" + correlationId.map(c -> ", " + c).orElse("") + "]";
        }
    }

    /** A message from {@code sender} to {@code to}, delivered to the target's {@code handle-message}. */
    record InterComponent(ComponentId sender, ComponentId to, byte[] payload, Optional<String> correlationId)
            implements ComponentMessage {
        public InterComponent {
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(correlationId, "correlationId");
        }

        public InterComponent(ComponentId sender, ComponentId to, byte[] payload) {
            this(sender, to, payload, Optional.empty());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InterComponent m && sender.equals(m.sender) && to.equals(m.to)
                    && Arrays.equals(payload, m.payload) && correlationId.equals(m.correlationId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sender, to, Arrays.hashCode(payload), correlationId);
        }

        @Override
        public String toString() {
            return "InterComponent[" + sender + " -> " + to + ", " + payload.length + " bytes"
                    + correlationId.map(c -> ", " + c).orElse("") + "]";
        }
    }

    /** Ask a component for its {@link HealthStatus}. */
    record HealthCheck(Optional<String> correlationId) implements ComponentMessage {
        public HealthCheck {
            Objects.requireNonNull(correlationId, "correlationId");
        }
    }

    /** Ask a component to drain its mailbox and stop. */
    record Shutdown(Optional<String> correlationId) implements ComponentMessage {
        public Shutdown {
            Objects.requireNonNull(correlationId, "correlationId");
        }
    }
}
