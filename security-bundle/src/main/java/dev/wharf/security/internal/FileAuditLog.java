package dev.wharf.security.internal;

import dev.wharf.internal.config.ConfigCheck;
import dev.wharf.spi.security.AuditLog;
import dev.wharf.spi.security.AuditRecord;
import dev.wharf.api.ComponentId;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * The audit log: an append-only file {@code audit/audit.log} in the security bundle's data area,
 * one tab-separated line per record, rotated by size into {@code audit.log.1 ... audit.log.N}.
 * Denials are written to {@code audit/denials.log} as well, rotated on their own, so a flood of
 * grants (with {@code audit=true}) never rotates a denial out.
 * Records are queued and written by one thread, so a slow disk never slows a message; when the
 * queue is full, records are counted as dropped and the count itself is written to the file.
 * The newest records are also kept in memory (and reloaded from the files at start) for
 * {@code wasm:audit}.
 */
@Component(service = AuditLog.class, configurationPid = SecurityConfig.PID)
public final class FileAuditLog implements AuditLog {

    private static final System.Logger LOG = System.getLogger("dev.wharf.security.audit");
    static final String FILE = "audit.log";
    static final String DENIALS = "denials.log";
    static final int RECENT = 10_000;

    private final Path dir;
    private final RotatingFile all;
    private final RotatingFile denials;
    private final BlockingQueue<AuditRecord> queue;
    private final ArrayDeque<AuditRecord> recent = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile Rotation rotation;

    /** How the files rotate (PID {@code dev.wharf.security}), checked. */
    private record Rotation(long maxBytes, int files) {
        /** @throws IllegalArgumentException naming the property that is out of range */
        static Rotation of(SecurityConfig c) {
            ConfigCheck check = new ConfigCheck(SecurityConfig.PID);
            return new Rotation(check.atLeast("audit-max-bytes", c.audit$_$max$_$bytes(), 4096),
                    check.atLeast("audit-files", c.audit$_$files(), 1));
        }
    }
    private volatile boolean running = true;

    @Activate
    public FileAuditLog(BundleContext context, SecurityConfig config) throws IOException {
        this(context.getDataFile("audit").toPath(), config);
    }

    public FileAuditLog(Path dir, SecurityConfig config) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.all = new RotatingFile(dir, FILE);
        this.denials = new RotatingFile(dir, DENIALS);
        this.queue = new ArrayBlockingQueue<>(ConfigCheck.apply(() -> new ConfigCheck(SecurityConfig.PID)
                .atLeast("audit-queue", config.audit$_$queue(), 16), ConfigCheck.defaults(SecurityConfig.class).audit$_$queue(),
                true, LOG));
        configure(config);
        for (AuditRecord r : load()) {
            remember(r);
        }
        this.writer = new Thread(this::writeLoop, "wharf-audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Modified
    void modified(SecurityConfig config) {
        configure(config);
    }

    private void configure(SecurityConfig config) {
        Rotation before = rotation;
        rotation = ConfigCheck.apply(() -> Rotation.of(config), before != null ? before
                : Rotation.of(ConfigCheck.defaults(SecurityConfig.class)), before == null, LOG);
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        running = false;
        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Override
    public void record(AuditRecord record) {
        remember(record);
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    private void remember(AuditRecord r) {
        synchronized (recent) {
            if (recent.size() == RECENT) {
                recent.removeFirst();
            }
            recent.addLast(r);
        }
    }

    @Override
    public List<AuditRecord> newest(int count) {
        synchronized (recent) {
            int skip = Math.max(0, recent.size() - Math.max(0, count));
            List<AuditRecord> out = new ArrayList<>(recent.size() - skip);
            int i = 0;
            for (AuditRecord r : recent) {
                if (i++ >= skip) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /** Records that could not be queued because the disk was too slow. */
    long dropped() {
        return dropped.get();
    }

    // ---- the writer thread ----------------------------------------------------------------------

    private void writeLoop() {
        List<AuditRecord> batch = new ArrayList<>(1024);
        while (running || !queue.isEmpty()) {
            try {
                AuditRecord first = running ? queue.poll(1, TimeUnit.SECONDS) : queue.poll();
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 4095);
                write(batch);
            } catch (InterruptedException e) {
                // deactivation: write what is queued, then stop
                running = false;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "cannot write the audit log in " + dir + ": " + e, e);
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<AuditRecord> batch) throws IOException {
        long lost = dropped.getAndSet(0);
        List<String> lines = new ArrayList<>(batch.size() + 1);
        List<String> denied = new ArrayList<>();
        if (lost > 0) {
            String line = format(new AuditRecord(Instant.now(), ComponentId.HOST, ComponentId.HOST, 0, false,
                    lost + " audit records dropped: the audit queue was full"));
            lines.add(line);
            denied.add(line);
        }
        for (AuditRecord r : batch) {
            String line = format(r);
            lines.add(line);
            if (!r.allowed()) {
                denied.add(line);
            }
        }
        Rotation rot = rotation;
        all.append(lines, rot.maxBytes(), rot.files());
        if (!denied.isEmpty()) {
            denials.append(denied, rot.maxBytes(), rot.files());
        }
    }

    // ---- the file format ------------------------------------------------------------------------

    // a message from another node of the lattice has its sender written as id@node
    static String format(AuditRecord r) {
        return r.time() + "\t" + r.from() + "\t" + r.target() + "\t" + r.size() + "\t"
                + (r.allowed() ? "ALLOW" : "DENY") + "\t" + r.reason().replace('\t', ' ').replace('\n', ' ').replace('\r', ' ')
                + "\n";
    }

    static AuditRecord parse(String line) {
        String[] f = line.split("\t", 6);
        if (f.length != 6) {
            return null;
        }
        try {
            int at = f[1].indexOf('@');
            return new AuditRecord(Instant.parse(f[0]), ComponentId.of(at < 0 ? f[1] : f[1].substring(0, at)), f[2],
                    Integer.parseInt(f[3]), "ALLOW".equals(f[4]), f[5], at < 0 ? null : f[1].substring(at + 1));
        } catch (RuntimeException e) {
            return null; // a torn last line after a crash
        }
    }

    /**
     * The newest records of both files, the current and the previous of each, oldest first (a
     * denial written to both is taken once).
     */
    private List<AuditRecord> load() throws IOException {
        java.util.LinkedHashSet<String> lines = new java.util.LinkedHashSet<>(all.newestLines());
        lines.addAll(denials.newestLines());
        List<AuditRecord> records = new ArrayList<>(lines.size());
        for (String line : lines) {
            AuditRecord r = parse(line);
            if (r != null) {
                records.add(r);
            }
        }
        records.sort(java.util.Comparator.comparing(AuditRecord::time));
        return records.subList(Math.max(0, records.size() - RECENT), records.size());
    }
}
