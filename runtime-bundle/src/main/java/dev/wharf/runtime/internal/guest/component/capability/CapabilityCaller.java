package dev.wharf.runtime.internal.guest.component.capability;

import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.engine.AbiResult;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import dev.wharf.runtime.internal.guest.GuestHost;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Calls capability functions for a component's standard interfaces: the arguments are laid out in
 * the instance's {@link ScratchMemory} and the call goes through {@link GuestHost#capability},
 * the path of every capability call (policy, audit, the provider of the moment, the limit of
 * calls under way), so a component's {@code wasi:keyvalue} call is decided and recorded as a core
 * module's {@code wharf:kv} call is. One per instance, used by the thread running its call.
 */
final class CapabilityCaller {

    private final GuestHost host;
    private final ScratchMemory memory;

    CapabilityCaller(GuestHost host, ScratchMemory memory) {
        this.host = host;
        this.memory = memory;
    }

    /** A new call: the scratch memory is emptied, the arguments come next. */
    Call begin() {
        memory.reset();
        return new Call();
    }

    /** The arguments of one call as they are laid out, then the call. */
    final class Call {
        private final long[] args = new long[10];
        private int count;
        private boolean noRoom;

        /** A buffer argument: its address and length. */
        Call bytes(byte[] data) {
            int at = memory.place(data);
            noRoom |= at == 0 && data.length > 0;
            return value(at).value(data.length);
        }

        /** A number argument. */
        Call value(long v) {
            args[count++] = v;
            return this;
        }

        /** An out argument of {@code size} bytes; its address, to read the results at. */
        int out(int size) {
            int at = memory.alloc(size);
            noRoom |= at == 0;
            value(at);
            return at;
        }

        /**
         * Calls {@code function} with the arguments.
         *
         * @return its result: 0 or more on success, else a negated {@link ErrorCode}
         */
        long run(CapabilityImport function) {
            if (noRoom) {
                return AbiResult.full(ErrorCode.ALLOCATION_FAILED);
            }
            return host.capability(function, memory, Arrays.copyOf(args, count))[0];
        }
    }

    /** The buffer a function returned through the out argument at {@code out}: address and length there. */
    byte[] returned(int out) {
        int length = memory.readI32(out + 4);
        byte[] data = memory.read(memory.readI32(out), length);
        if (data == null) {
            throw new IllegalStateException("the capability returned a buffer outside the scratch memory");
        }
        return data;
    }

    /** The little-endian s64 a function wrote at {@code out}. */
    long i64(int out) {
        return Integer.toUnsignedLong(memory.readI32(out)) | ((long) memory.readI32(out + 4) << 32);
    }

    /** The buffers {@code list}-like functions return: each a u32 LE length and its bytes, one after the other. */
    static List<byte[]> entries(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (b.remaining() >= 4) {
            int length = b.getInt();
            if (length < 0 || length > b.remaining()) {
                throw new IllegalStateException("the capability returned a malformed list");
            }
            byte[] entry = new byte[length];
            b.get(entry);
            out.add(entry);
        }
        return out;
    }
}
