package dev.wharf.runtime.internal.telemetry;

import dev.wharf.api.ErrorCode;

/**
 * One span of the runtime's tracing: a turn, an ask or a capability call. It is ended exactly
 * once, with its outcome; {@link #NONE} when nothing is traced, so the untraced path allocates
 * nothing.
 */
public interface TraceSpan {

    TraceSpan NONE = new TraceSpan() {
        @Override
        public TraceScope enter() {
            return TraceScope.NONE;
        }

        @Override
        public void end(Throwable failure) {
            // nothing traced
        }

        @Override
        public void end(ErrorCode code) {
            // nothing traced
        }
    };

    /**
     * Makes it the current span of this thread until the scope closes: what the thread sends or
     * calls meanwhile is its child.
     */
    TraceScope enter();

    /** Ends it: served when {@code failure} is null, else failed, with the code of a {@code WharfException}. */
    void end(Throwable failure);

    /** Ends it with the outcome of a call that answers with a code: served when {@code code} is null. */
    void end(ErrorCode code);
}
