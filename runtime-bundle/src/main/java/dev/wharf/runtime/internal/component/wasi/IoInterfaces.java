package dev.wharf.runtime.internal.component.wasi;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.BOOL;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.BYTES;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.ERROR;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.INPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.OUTPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.POLLABLE;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.STREAM_ERROR;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.STRING;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U32;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U64;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.borrow;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.list;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.method;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.methodName;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.own;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.result;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.OK_UNIT;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.err;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.integer;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.ok;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.rep;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.u64;

import dev.wharf.runtime.internal.component.CanonicalAbiTrap;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.ResultValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.engine.GuestInstance.LineSink;
import dev.wharf.runtime.internal.engine.LineBuffer;
import java.util.List;
import java.util.Map;

/**
 * wasi:io/error, wasi:io/poll and wasi:io/streams for the three streams of the sandbox and the
 * streams of bodies: stdout and stderr go to the guest's log a line at a time
 * ({@link LineBuffer}), stdin is empty and closed; a body's input stream reads bytes known whole
 * ({@link InputBytes}), a body's output stream writes to an {@link OutputSink}. The output streams
 * never push back: {@code check-write} always permits {@value #MAX_WRITE} bytes, as wasmtime's
 * do, and a write of more (or a blocking write of more, which the WIT caps at 4096) is a trap, so
 * no call makes the host take more than that. Once the instance has ended ({@link #close()})
 * stdout and stderr are closed. A sink that refuses a write makes an {@code error} resource
 * (a {@link StreamFailure}, in {@link HostObjects}).
 *
 * <p>Representations: output-stream 1 is stdout and 2 stderr, input-stream 1 is stdin; the
 * others are {@link HostObjects}'. Pollables are {@link Pollables}'.
 */
final class IoInterfaces {

    /** What {@code check-write} permits, and the most a blocking write takes. */
    static final int MAX_WRITE = 4096;
    /** The most bytes one read answers: a guest asking for more gets this many (the stream has more). */
    static final int MAX_READ = 1 << 20;

    static final int STDIN = 1;
    static final int STDOUT = 1;
    static final int STDERR = 2;

    private static final VariantValue CLOSED = new VariantValue(WasiTypes.STREAM_ERROR_CLOSED, null);
    private static final WitValue CLOSED_ERR = err(CLOSED);

    private final Pollables pollables;
    private final HostObjects objects;
    private final LineBuffer stdout;
    private final LineBuffer stderr;
    private boolean closed;

    IoInterfaces(LineSink sink, Pollables pollables, HostObjects objects) {
        this.pollables = pollables;
        this.objects = objects;
        this.stdout = new LineBuffer(sink, 2);
        this.stderr = new LineBuffer(sink, 3);
    }

    void addTo(Map<String, Map<String, Object>> interfaces) {
        interfaces.put("io/error", error());
        interfaces.put("io/poll", poll());
        interfaces.put("io/streams", streams());
    }

    /** Ends the output streams: their partial lines go to the log, later writes answer {@code closed}. */
    void close() {
        if (!closed) {
            closed = true;
            stdout.endLine();
            stderr.endLine();
        }
    }

    private Map<String, Object> error() {
        return new WasiInstance("wasi:io/error").resource(ERROR)
                .func(methodName(ERROR, "to-debug-string"), method(ERROR, STRING),
                        a -> new WitValue.Str(failure(rep(a, 0)).message()))
                .build();
    }

    private Map<String, Object> poll() {
        return new WasiInstance("wasi:io/poll").resource(POLLABLE)
                .func(methodName(POLLABLE, "ready"), method(POLLABLE, BOOL),
                        a -> new WitValue.Bool(pollables.ready(rep(a, 0))))
                .func(methodName(POLLABLE, "block"), method(POLLABLE, null), a -> {
                    pollables.block(rep(a, 0));
                    return null;
                })
                .func("poll", func(list(U32), param("in", list(borrow(POLLABLE)))), a -> {
                    List<WitValue> in = ((ListValue) a.get(0)).elements();
                    int[] reps = new int[in.size()];
                    for (int i = 0; i < reps.length; i++) {
                        reps[i] = ((Handle) in.get(i)).index();
                    }
                    return new ListValue(pollables.poll(reps).stream().map(i -> (WitValue) u64(i)).toList());
                })
                .build();
    }

    private Map<String, Object> streams() {
        ResultType bytesOrError = result(BYTES, STREAM_ERROR);
        ResultType countOrError = result(U64, STREAM_ERROR);
        ResultType unitOrError = result(null, STREAM_ERROR);
        FuncType read = method(INPUT_STREAM, bytesOrError, param("len", U64));
        FuncType skip = method(INPUT_STREAM, countOrError, param("len", U64));
        FuncType write = method(OUTPUT_STREAM, unitOrError, param("contents", BYTES));
        FuncType unit = method(OUTPUT_STREAM, unitOrError);
        FuncType zeroes = method(OUTPUT_STREAM, unitOrError, param("len", U64));
        FuncType splice = method(OUTPUT_STREAM, countOrError, param("src", borrow(INPUT_STREAM)), param("len", U64));
        return new WasiInstance("wasi:io/streams")
                .resource(ERROR).resource(POLLABLE).type("stream-error", STREAM_ERROR)
                .resource(INPUT_STREAM).resource(OUTPUT_STREAM)
                .func(methodName(INPUT_STREAM, "read"), read, this::read)
                .func(methodName(INPUT_STREAM, "blocking-read"), read, this::read)
                .func(methodName(INPUT_STREAM, "skip"), skip, this::skip)
                .func(methodName(INPUT_STREAM, "blocking-skip"), skip, this::skip)
                .func(methodName(INPUT_STREAM, "subscribe"), method(INPUT_STREAM, own(POLLABLE)), a -> {
                    input(rep(a, 0)); // every input stream has all its bytes: always ready
                    return new Handle(Pollables.READY);
                })
                .func(methodName(OUTPUT_STREAM, "check-write"), method(OUTPUT_STREAM, countOrError),
                        a -> closed(rep(a, 0)) ? CLOSED_ERR : ok(u64(MAX_WRITE)))
                .func(methodName(OUTPUT_STREAM, "write"), write, a -> write(a, "write"))
                .func(methodName(OUTPUT_STREAM, "blocking-write-and-flush"), write,
                        a -> write(a, "blocking-write-and-flush"))
                .func(methodName(OUTPUT_STREAM, "flush"), unit, this::flush)
                .func(methodName(OUTPUT_STREAM, "blocking-flush"), unit, this::flush)
                .func(methodName(OUTPUT_STREAM, "subscribe"), method(OUTPUT_STREAM, own(POLLABLE)), a -> {
                    closed(rep(a, 0)); // checks the stream; output streams never push back: always ready
                    return new Handle(Pollables.READY);
                })
                .func(methodName(OUTPUT_STREAM, "write-zeroes"), zeroes, a -> writeZeroes(a, "write-zeroes"))
                .func(methodName(OUTPUT_STREAM, "blocking-write-zeroes-and-flush"), zeroes,
                        a -> writeZeroes(a, "blocking-write-zeroes-and-flush"))
                .func(methodName(OUTPUT_STREAM, "splice"), splice, this::splice)
                .func(methodName(OUTPUT_STREAM, "blocking-splice"), splice, this::splice)
                .build();
    }

    /** read and blocking-read: stdin is closed, a body's stream gives what is left, then is closed. */
    private WitValue read(List<WitValue> a) {
        InputBytes in = input(rep(a, 0));
        byte[] bytes = in == null ? null : in.read(WasiValues.length(integer(a, 1), MAX_READ, "wasi:io/streams#read"));
        return bytes == null ? CLOSED_ERR : ok(WasiValues.byteList(bytes));
    }

    /** skip and blocking-skip, as read without the bytes. */
    private WitValue skip(List<WitValue> a) {
        InputBytes in = input(rep(a, 0));
        long n = in == null ? -1 : in.skip(WasiValues.length(integer(a, 1), Integer.MAX_VALUE, "wasi:io/streams#skip"));
        return n < 0 ? CLOSED_ERR : ok(u64(n));
    }

    private WitValue write(List<WitValue> a, String what) {
        int rep = rep(a, 0);
        List<WitValue> contents = ((ListValue) a.get(1)).elements();
        permitted(contents.size(), what);
        return put(rep, WasiValues.bytes(a.get(1)));
    }

    private WitValue writeZeroes(List<WitValue> a, String what) {
        int rep = rep(a, 0);
        return put(rep, new byte[permitted(integer(a, 1), what)]);
    }

    /** Writes {@code bytes} to output stream {@code rep}: stdout, stderr or a sink. */
    private WitValue put(int rep, byte[] bytes) {
        if (rep == STDOUT || rep == STDERR) {
            if (closed) {
                return CLOSED_ERR;
            }
            (rep == STDOUT ? stdout : stderr).write(bytes, 0, bytes.length);
            return OK_UNIT;
        }
        OutputSink sink = sink(rep);
        if (sink.closed()) {
            return CLOSED_ERR;
        }
        StreamFailure failure = sink.write(bytes);
        return failure == null ? OK_UNIT
                : err(new VariantValue(0, new Handle(objects.add(ERROR, failure))));
    }

    private WitValue flush(List<WitValue> a) {
        return closed(rep(a, 0)) ? CLOSED_ERR : OK_UNIT;
    }

    /** splice and blocking-splice: what the input stream has, at most len bytes, to the output stream. */
    private WitValue splice(List<WitValue> a) {
        int out = rep(a, 0);
        closed(out);
        InputBytes in = input(rep(a, 1));
        byte[] bytes = in == null ? null : in.read(permitted(integer(a, 2), "splice"));
        if (bytes == null) {
            return CLOSED_ERR;
        }
        WitValue written = put(out, bytes);
        return ((ResultValue) written).ok() ? ok(u64(bytes.length)) : written;
    }

    /** Traps unless {@code n} (an unsigned u64) bytes are within what check-write permits. */
    private static int permitted(long n, String what) {
        if (n < 0 || n > MAX_WRITE) {
            throw new CanonicalAbiTrap("wasi:io/streams#" + what + " of " + Long.toUnsignedString(n)
                    + " bytes, more than check-write permits (" + MAX_WRITE + ")");
        }
        return (int) n;
    }

    /** Whether output stream {@code rep} takes no more; a trap when it is no stream of this host. */
    private boolean closed(int rep) {
        if (rep == STDOUT || rep == STDERR) {
            return closed;
        }
        return sink(rep).closed();
    }

    private OutputSink sink(int rep) {
        return objects.get(OUTPUT_STREAM, rep, OutputSink.class);
    }

    /** Input stream {@code rep}: a body's bytes, or {@code null} for stdin (always closed); a trap for any other. */
    private InputBytes input(int rep) {
        return rep == STDIN ? null : objects.get(INPUT_STREAM, rep, InputBytes.class);
    }

    private StreamFailure failure(int rep) {
        return objects.get(ERROR, rep, StreamFailure.class);
    }
}
