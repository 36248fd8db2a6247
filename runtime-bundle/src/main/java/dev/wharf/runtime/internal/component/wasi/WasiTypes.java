package dev.wharf.runtime.internal.component.wasi;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.Case;
import dev.wharf.runtime.internal.component.WitType.EnumType;
import dev.wharf.runtime.internal.component.WitType.Field;
import dev.wharf.runtime.internal.component.WitType.FlagsType;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.OptionType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.Param;
import dev.wharf.runtime.internal.component.WitType.RecordType;
import dev.wharf.runtime.internal.component.WitType.ResourceType;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import java.util.ArrayList;
import java.util.List;

/**
 * The types of WASI 0.2 as the WIT of wasi-io, wasi-cli, wasi-clocks, wasi-random and
 * wasi-filesystem (0.2.0 to 0.2.8, unchanged across them) defines them, and helpers to write
 * function types the way the canonical ABI reads them: parameters named as in the WIT, methods
 * with a first parameter {@code self: borrow<resource>}, one unnamed result or none.
 *
 * <p>The resource types are the host's: one object each, shared by every interface that uses
 * it (wasi:io/streams' {@code error} is wasi:io/error's), with negative ids so that they never
 * equal a resource type a component defines (those count up from 1).
 */
public final class WasiTypes {

    public static final WitType U8 = WitType.Primitive.U8;
    public static final WitType U16 = WitType.Primitive.U16;
    public static final WitType U32 = WitType.Primitive.U32;
    public static final WitType U64 = WitType.Primitive.U64;
    public static final WitType BOOL = WitType.Primitive.BOOL;
    public static final WitType STRING = WitType.Primitive.STRING;
    public static final WitType BYTES = new ListType(U8);

    // ---- resources ------------------------------------------------------------------------------

    public static final ResourceType ERROR = new ResourceType("error", -1);
    public static final ResourceType POLLABLE = new ResourceType("pollable", -2);
    public static final ResourceType INPUT_STREAM = new ResourceType("input-stream", -3);
    public static final ResourceType OUTPUT_STREAM = new ResourceType("output-stream", -4);
    static final ResourceType TERMINAL_INPUT = new ResourceType("terminal-input", -5);
    static final ResourceType TERMINAL_OUTPUT = new ResourceType("terminal-output", -6);
    static final ResourceType DESCRIPTOR = new ResourceType("descriptor", -7);
    static final ResourceType DIRECTORY_ENTRY_STREAM = new ResourceType("directory-entry-stream", -8);

    // ---- wasi:io, wasi:clocks ---------------------------------------------------------------------

    /** {@code variant stream-error { last-operation-failed(error), closed }}. */
    public static final VariantType STREAM_ERROR = new VariantType(List.of(
            new Case("last-operation-failed", new Own(ERROR)), new Case("closed", null)));
    static final int STREAM_ERROR_CLOSED = 1;

    /** {@code record datetime { seconds: u64, nanoseconds: u32 }}. */
    static final RecordType DATETIME = new RecordType(List.of(new Field("seconds", U64),
            new Field("nanoseconds", U32)));

    // ---- wasi:filesystem/types --------------------------------------------------------------------

    static final EnumType DESCRIPTOR_TYPE = new EnumType(List.of("unknown", "block-device", "character-device",
            "directory", "fifo", "symbolic-link", "regular-file", "socket"));
    static final FlagsType DESCRIPTOR_FLAGS = new FlagsType(List.of("read", "write", "file-integrity-sync",
            "data-integrity-sync", "requested-write-sync", "mutate-directory"));
    static final RecordType DESCRIPTOR_STAT = new RecordType(List.of(
            new Field("type", DESCRIPTOR_TYPE),
            new Field("link-count", U64),
            new Field("size", U64),
            new Field("data-access-timestamp", new OptionType(DATETIME)),
            new Field("data-modification-timestamp", new OptionType(DATETIME)),
            new Field("status-change-timestamp", new OptionType(DATETIME))));
    static final FlagsType PATH_FLAGS = new FlagsType(List.of("symlink-follow"));
    static final FlagsType OPEN_FLAGS = new FlagsType(List.of("create", "directory", "exclusive", "truncate"));
    static final VariantType NEW_TIMESTAMP = new VariantType(List.of(
            new Case("no-change", null), new Case("now", null), new Case("timestamp", DATETIME)));
    static final RecordType DIRECTORY_ENTRY = new RecordType(List.of(
            new Field("type", DESCRIPTOR_TYPE), new Field("name", STRING)));
    static final EnumType ERROR_CODE = new EnumType(List.of("access", "would-block", "already", "bad-descriptor",
            "busy", "deadlock", "quota", "exist", "file-too-large", "illegal-byte-sequence", "in-progress",
            "interrupted", "invalid", "io", "is-directory", "loop", "too-many-links", "message-size",
            "name-too-long", "no-device", "no-entry", "no-lock", "insufficient-memory", "insufficient-space",
            "not-directory", "not-empty", "not-recoverable", "unsupported", "no-tty", "no-such-device", "overflow",
            "not-permitted", "pipe", "read-only", "invalid-seek", "text-file-busy", "cross-device"));
    static final EnumType ADVICE = new EnumType(List.of("normal", "sequential", "random", "will-need", "dont-need",
            "no-reuse"));
    static final RecordType METADATA_HASH_VALUE = new RecordType(List.of(new Field("lower", U64),
            new Field("upper", U64)));

    private WasiTypes() {}

    // ---- function types ---------------------------------------------------------------------------

    public static Param param(String name, WitType type) {
        return new Param(name, type);
    }

    /** {@code func(params) -> result}, or no result when {@code result} is {@code null}. */
    public static FuncType func(WitType result, Param... params) {
        return new FuncType(List.of(params), result == null ? List.of() : List.of(new Param("", result)));
    }

    /** {@code [method]resource.name: func(self: borrow<resource>, params) -> result}. */
    public static FuncType method(ResourceType self, WitType result, Param... params) {
        List<Param> all = new ArrayList<>(params.length + 1);
        all.add(new Param("self", new Borrow(self)));
        all.addAll(List.of(params));
        return new FuncType(all, result == null ? List.of() : List.of(new Param("", result)));
    }

    /** The name of method {@code name} of {@code resource} in its interface: {@code [method]resource.name}. */
    public static String methodName(ResourceType resource, String name) {
        return "[method]" + resource.name() + "." + name;
    }

    public static Own own(ResourceType resource) {
        return new Own(resource);
    }

    public static Borrow borrow(ResourceType resource) {
        return new Borrow(resource);
    }

    public static ResultType result(WitType ok, WitType err) {
        return new ResultType(ok, err);
    }

    public static OptionType option(WitType type) {
        return new OptionType(type);
    }

    public static ListType list(WitType element) {
        return new ListType(element);
    }

    public static TupleType tuple(WitType... types) {
        return new TupleType(List.of(types));
    }
}
