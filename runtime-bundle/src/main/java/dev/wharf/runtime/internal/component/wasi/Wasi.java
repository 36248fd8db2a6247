package dev.wharf.runtime.internal.component.wasi;

import dev.wharf.runtime.internal.component.WitType.ResourceType;
import dev.wharf.runtime.internal.component.link.CanonicalFunctions;
import dev.wharf.runtime.internal.engine.GuestInstance.LineSink;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WASI 0.2 for one component instance, as Wharf's sandbox has it: no files, no environment, no
 * arguments, stdin empty, stdout and stderr to the guest's log one line at a time (level 2 and
 * 3, lines cut at 8192 bytes, as the engine does for WASI preview 1), the system's clocks and
 * random numbers. {@link #provide(String)} answers the instance the component imports for each
 * WASI interface name, for {@code Linker.instantiate(component, wasi::provide, linking)}:
 * <ul>
 *   <li>wasi:io/error, poll, streams ({@link IoInterfaces});</li>
 *   <li>wasi:cli/environment, exit, stdin, stdout, stderr, terminal-input, terminal-output,
 *       terminal-stdin, terminal-stdout, terminal-stderr ({@link CliInterfaces}; exit throws
 *       {@link WasiExit});</li>
 *   <li>wasi:clocks/monotonic-clock, wall-clock ({@link ClockInterfaces});</li>
 *   <li>wasi:random/random, insecure, insecure-seed ({@link RandomInterfaces});</li>
 *   <li>wasi:filesystem/types, preopens: none preopened, every operation denied
 *       ({@link FilesystemInterfaces}).</li>
 * </ul>
 * Any 0.2.x version is taken: the WIT of these interfaces is the same across them (checked
 * against 0.2.0, 0.2.6 and 0.2.8; a patch release adds {@code @since} gates and unstable
 * features, of which this host gives exit-with-code). The resources of the sandbox are stateless
 * on the host's side (their representations are fixed numbers, a clock's pollable its deadline),
 * so a guest that drops none of them costs the host nothing. Those of other interfaces built on
 * these (a body's streams, a future's pollable, a stream's error) are kept in {@link #objects()},
 * bounded, and freed when the guest drops them (the instance's {@link CanonicalFunctions#onDrop})
 * or when the instance ends.
 *
 * <p>Not thread-safe: like the component instance it serves, called by one thread at a time.
 * {@link #close()} when the instance ends, to log the last partial line.
 */
public final class Wasi implements AutoCloseable {

    /** A WIT name: lower-case words joined by '-'. */
    private static final String WORD = "[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*";
    /** {@code wasi:<package>/<interface>@0.2.<patch>}, a release version (no pre-release or build suffix). */
    private static final Pattern NAME = Pattern.compile(
            "wasi:(" + WORD + "/" + WORD + ")@0\\.2\\.(?:0|[1-9][0-9]{0,8})");

    /** The interfaces every instance gives, by name without the version: the same for all, fixed. */
    private static final Set<String> PROVIDED = Set.copyOf(new Wasi((level, line) -> { }).interfaces.keySet());

    /** The most host objects (streams, pollables, errors, wasi:http objects) one instance holds at once. */
    public static final int MAX_OBJECTS = 1024;

    private final IoInterfaces io;
    private final HostObjects objects;
    private final Pollables pollables;
    private final Map<String, Map<String, Object>> interfaces = new HashMap<>();

    /** @param output where stdout (level 2) and stderr (level 3) lines go */
    public Wasi(LineSink output) {
        this(output, new HostObjects(MAX_OBJECTS, 0), System::nanoTime, Clock.systemUTC(), new SecureRandom());
    }

    /**
     * WASI for a component instance whose resources are stateful: the host hears of their drops
     * through {@code functions}, and holds at most twice {@code memoryBytes} of data for it (a
     * body as large as the component's memory, and the message beside it).
     *
     * @param output where stdout (level 2) and stderr (level 3) lines go
     * @param memoryBytes the component's memory cap
     */
    public Wasi(LineSink output, CanonicalFunctions functions, long memoryBytes) {
        this(output, new HostObjects(MAX_OBJECTS, 2 * memoryBytes), System::nanoTime, Clock.systemUTC(),
                new SecureRandom());
        functions.onDrop(WasiTypes.INPUT_STREAM, rep -> objects.drop(WasiTypes.INPUT_STREAM, rep));
        functions.onDrop(WasiTypes.OUTPUT_STREAM, rep -> objects.drop(WasiTypes.OUTPUT_STREAM, rep));
        functions.onDrop(WasiTypes.ERROR, rep -> objects.drop(WasiTypes.ERROR, rep));
        functions.onDrop(WasiTypes.POLLABLE, pollables::drop);
    }

    Wasi(LineSink output, LongSupplier nanoTime, Clock wall, SecureRandom random) {
        this(output, new HostObjects(MAX_OBJECTS, 0), nanoTime, wall, random);
    }

    private Wasi(LineSink output, HostObjects objects, LongSupplier nanoTime, Clock wall, SecureRandom random) {
        Objects.requireNonNull(output, "output");
        this.objects = objects;
        this.pollables = new Pollables(nanoTime, objects, WasiTypes.POLLABLE);
        io = new IoInterfaces(output, pollables, objects);
        io.addTo(interfaces);
        CliInterfaces.addTo(interfaces);
        ClockInterfaces.addTo(interfaces, pollables, wall);
        new RandomInterfaces(random).addTo(interfaces);
        FilesystemInterfaces.addTo(interfaces);
    }

    /**
     * The instance for import {@code importName}, a map of its exports (functions and types) by
     * name, when it names a WASI 0.2 interface this host gives; {@code null} for any other name
     * (another version, another package, a name that is no interface).
     */
    public Object provide(String importName) {
        Matcher m = NAME.matcher(importName);
        return m.matches() ? interfaces.get(m.group(1)) : null;
    }

    /** Whether {@link #provide} gives import {@code importName}: a deployer's check, with no instance at hand. */
    public static boolean provides(String importName) {
        Matcher m = NAME.matcher(importName);
        return m.matches() && PROVIDED.contains(m.group(1));
    }

    /** The host objects of the instance, which interfaces built on WASI's keep theirs in too. */
    public HostObjects objects() {
        return objects;
    }

    /** A new input-stream reading {@code bytes}: its representation. */
    public int inputStream(HeldBytes bytes) {
        return objects.add(WasiTypes.INPUT_STREAM, new InputBytes(bytes));
    }

    /** A new output-stream writing to {@code sink}: its representation. */
    public int outputStream(OutputSink sink) {
        return objects.add(WasiTypes.OUTPUT_STREAM, sink);
    }

    /** The representation of a pollable that is always ready: it costs the host nothing. */
    public static final int READY = Pollables.READY;

    /** A new pollable, ready when {@code waitable} is: its representation. */
    public int pollable(Waitable waitable) {
        return pollables.of(waitable);
    }

    /**
     * The representation a guest's handle carries for host object {@code rep} of {@code type}:
     * the object's own, but for a pollable, whose representation also tells it from a clock's.
     */
    public static int representation(ResourceType type, int rep) {
        return type.equals(WasiTypes.POLLABLE) ? Pollables.representation(rep) : rep;
    }

    /** The failure wasi:io/error {@code rep} stands for (a borrow the guest lends); a trap when none. */
    public StreamFailure failure(int rep) {
        return objects.get(WasiTypes.ERROR, rep, StreamFailure.class);
    }

    /**
     * Ends stdout and stderr (their last partial lines go to the log, later writes find them
     * closed) and frees every host object of the instance.
     */
    @Override
    public void close() {
        io.close();
        objects.clear();
    }
}
