package dev.wharf.itest;

import static dev.wharf.itest.WharfTestSupport.eventually;
import static dev.wharf.itest.WharfTestSupport.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wharf.api.MessageDispatcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/** A guest that floods the log is throttled; what it loses is counted in one line. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class GuestLogIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MessageDispatcher dispatcher;

    /** Collects what reaches the guest's logger (System.Logger goes to java.util.logging). */
    static final class Collector extends Handler {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    @Test
    void aFloodingGuestIsThrottledAndTheSuppressedLinesAreCounted() {
        Logger jul = Logger.getLogger("dev.wharf.guest.flooder");
        Collector c = new Collector();
        jul.addHandler(c);
        try {
            new ComponentBundles(context).start("log.wasm;id=flooder", "log");
            assertThat(invoke(dispatcher, "flooder", "flood", Args.json("[10000]")).values()).containsExactly(10_000);
            long written = c.lines.stream().filter(l -> l.endsWith("hello log")).count();
            // the burst (200) and what the rate (100/s) refills during the call
            assertThat(written).isBetween(200L, 400L);
            // every line is accounted for: written, or counted in a "suppressed" line, which comes
            // before the next line that passes (the guest logs one line per call from here on)
            Pattern suppressed = Pattern.compile("(\\d+) lines from 'flooder' suppressed.*");
            eventually(() -> {
                invoke(dispatcher, "flooder", "flood", Args.json("[1]"));
                long lost = c.lines.stream().map(suppressed::matcher).filter(Matcher::matches)
                        .mapToLong(m -> Long.parseLong(m.group(1))).sum();
                long shown = c.lines.stream().filter(l -> l.endsWith("hello log")).count();
                // the calls of this loop are counted too: they add to both sides
                return lost + shown >= 10_000 && c.lines.get(c.lines.size() - 1).endsWith("hello log")
                        && c.lines.stream().anyMatch(l -> suppressed.matcher(l).matches());
            }, "the suppressed lines reported");
            System.out.println("GuestLogIT: 10000 lines in one call: " + written + " written; then "
                    + c.lines.stream().filter(l -> !l.endsWith("hello log")).toList());
        } finally {
            jul.removeHandler(c);
        }
    }
}
