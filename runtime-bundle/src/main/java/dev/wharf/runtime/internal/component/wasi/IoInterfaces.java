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
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import dev.wharf.runtime.internal.engine.GuestInstance.LineSink;
import dev.wharf.runtime.internal.engine.LineBuffer;
import java.util.List;
import java.util.Map;

/**
 * wasi:io/error, wasi:io/poll and wasi:io/streams for the three streams of the sandbox: stdout
 * and stderr go to the guest's log a line at a time ({@link LineBuffer}), stdin is empty and
 * closed. The output streams never push back: {@code check-write} always permits
 * {@value #MAX_WRITE} bytes, as wasmtime's do, and a write of more (or a blocking write of more,
 * which the WIT caps at 4096) is a trap, so no call makes the host take more than that. Once the
 * instance has ended ({@link #close()}) the output streams are closed. This host fails no
 * operation, so it never makes an {@code error} resource.
 *
 * <p>Representations: output-stream 1 is stdout and 2 stderr, input-stream 1 is stdin; any
 * other is a trap. Pollables are {@link Pollables}'.
 */
final class IoInterfaces {

    /** What {@code check-write} permits, and the most a blocking write takes. */
    static final int MAX_WRITE = 4096;

    static final int STDIN = 1;
    static final int STDOUT = 1;
    static final int STDERR = 2;

    private static final VariantValue CLOSED = new VariantValue(WasiTypes.STREAM_ERROR_CLOSED, null);
    private static final WitValue CLOSED_ERR = err(CLOSED);

    private final Pollables pollables;
    private final LineBuffer stdout;
    private final LineBuffer stderr;
    private boolean closed;

    IoInterfaces(LineSink sink, Pollables pollables) {
        this.pollables = pollables;
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
                .func(methodName(ERROR, "to-debug-string"), method(ERROR, STRING), a -> {
                    throw new CanonicalAbiTrap("wasi:io/error rep " + rep(a, 0) + " was never given by this host");
                })
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
                .func(methodName(INPUT_STREAM, "read"), read, this::closedInput)
                .func(methodName(INPUT_STREAM, "blocking-read"), read, this::closedInput)
                .func(methodName(INPUT_STREAM, "skip"), skip, this::closedInput)
                .func(methodName(INPUT_STREAM, "blocking-skip"), skip, this::closedInput)
                .func(methodName(INPUT_STREAM, "subscribe"), method(INPUT_STREAM, own(POLLABLE)), a -> {
                    input(rep(a, 0));
                    return new Handle(Pollables.READY);
                })
                .func(methodName(OUTPUT_STREAM, "check-write"), method(OUTPUT_STREAM, countOrError), a -> {
                    output(rep(a, 0));
                    return closed ? CLOSED_ERR : ok(u64(MAX_WRITE));
                })
                .func(methodName(OUTPUT_STREAM, "write"), write, a -> write(a, "write"))
                .func(methodName(OUTPUT_STREAM, "blocking-write-and-flush"), write,
                        a -> write(a, "blocking-write-and-flush"))
                .func(methodName(OUTPUT_STREAM, "flush"), unit, this::flush)
                .func(methodName(OUTPUT_STREAM, "blocking-flush"), unit, this::flush)
                .func(methodName(OUTPUT_STREAM, "subscribe"), method(OUTPUT_STREAM, own(POLLABLE)), a -> {
                    output(rep(a, 0));
                    return new Handle(Pollables.READY);
                })
                .func(methodName(OUTPUT_STREAM, "write-zeroes"), zeroes, a -> writeZeroes(a, "write-zeroes"))
                .func(methodName(OUTPUT_STREAM, "blocking-write-zeroes-and-flush"), zeroes,
                        a -> writeZeroes(a, "blocking-write-zeroes-and-flush"))
                .func(methodName(OUTPUT_STREAM, "splice"), splice, this::splice)
                .func(methodName(OUTPUT_STREAM, "blocking-splice"), splice, this::splice)
                .build();
    }

    /** read, skip and their blocking forms on stdin: it is closed. */
    private WitValue closedInput(List<WitValue> a) {
        input(rep(a, 0));
        return CLOSED_ERR;
    }

    private WitValue write(List<WitValue> a, String what) {
        LineBuffer out = output(rep(a, 0));
        List<WitValue> contents = ((ListValue) a.get(1)).elements();
        permitted(contents.size(), what);
        if (closed) {
            return CLOSED_ERR;
        }
        byte[] bytes = WasiValues.bytes(a.get(1));
        out.write(bytes, 0, bytes.length);
        return OK_UNIT;
    }

    private WitValue writeZeroes(List<WitValue> a, String what) {
        LineBuffer out = output(rep(a, 0));
        int n = permitted(integer(a, 1), what);
        if (closed) {
            return CLOSED_ERR;
        }
        out.write(new byte[n], 0, n);
        return OK_UNIT;
    }

    private WitValue flush(List<WitValue> a) {
        output(rep(a, 0));
        return closed ? CLOSED_ERR : OK_UNIT;
    }

    /** splice and blocking-splice: from stdin, which is closed. */
    private WitValue splice(List<WitValue> a) {
        output(rep(a, 0));
        input(rep(a, 1));
        return CLOSED_ERR;
    }

    /** Traps unless {@code n} (an unsigned u64) bytes are within what check-write permits. */
    private static int permitted(long n, String what) {
        if (n < 0 || n > MAX_WRITE) {
            throw new CanonicalAbiTrap("wasi:io/streams#" + what + " of " + Long.toUnsignedString(n)
                    + " bytes, more than check-write permits (" + MAX_WRITE + ")");
        }
        return (int) n;
    }

    private LineBuffer output(int rep) {
        return switch (rep) {
            case STDOUT -> stdout;
            case STDERR -> stderr;
            default -> throw new CanonicalAbiTrap("output-stream rep " + rep + " was never given by this host");
        };
    }

    private static void input(int rep) {
        if (rep != STDIN) {
            throw new CanonicalAbiTrap("input-stream rep " + rep + " was never given by this host");
        }
    }
}
