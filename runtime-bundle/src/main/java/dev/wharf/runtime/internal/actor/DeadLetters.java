package dev.wharf.runtime.internal.actor;

import dev.wharf.api.ComponentId;
import dev.wharf.api.WharfException;
import dev.wharf.api.runtime.DeadLetter;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The most recent messages that could not be delivered or handled, for the shell and the log.
 * Only the failure path writes here. The log gets at most one line per second, with a count of
 * the lines it left out, so a flood of refusals cannot flood the log.
 */
public final class DeadLetters {

    private static final long LOG_INTERVAL = TimeUnit.SECONDS.toNanos(1);

    private final System.Logger log;
    private final DeadLetter[] ring;
    private int next;
    private long total;
    private long lastLog = System.nanoTime() - LOG_INTERVAL;
    private long suppressed;

    public DeadLetters(int capacity, System.Logger log) {
        this.ring = new DeadLetter[capacity];
        this.log = log;
    }

    public void record(ComponentId sender, ComponentId to, int size, WharfException error) {
        DeadLetter d = new DeadLetter(Instant.now(), sender, to, size, error.code(), error.getMessage());
        String line = null;
        synchronized (this) {
            ring[next] = d;
            next = (next + 1) % ring.length;
            total++;
            long now = System.nanoTime();
            if (now - lastLog >= LOG_INTERVAL) {
                line = "undeliverable message " + sender + " -> " + to + " (" + size + " bytes): " + d.reason()
                        + (suppressed > 0 ? " (" + suppressed + " more since the last report)" : "");
                lastLog = now;
                suppressed = 0;
            } else {
                suppressed++;
            }
        }
        if (line != null) {
            log.log(Level.WARNING, line);
        }
    }

    /** The newest {@code count} dead letters, oldest first. */
    public synchronized List<DeadLetter> newest(int count) {
        int n = (int) Math.min(Math.min(count, ring.length), total);
        List<DeadLetter> out = new ArrayList<>(n);
        for (int i = n; i > 0; i--) {
            out.add(ring[Math.floorMod(next - i, ring.length)]);
        }
        return out;
    }

    public synchronized long total() {
        return total;
    }
}
