package dev.wharf.runtime.internal.component.wasi;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.ADVICE;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.BOOL;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.BYTES;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.DATETIME;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.DESCRIPTOR;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.DESCRIPTOR_FLAGS;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.DESCRIPTOR_STAT;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.DESCRIPTOR_TYPE;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.DIRECTORY_ENTRY;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.DIRECTORY_ENTRY_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.ERROR;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.ERROR_CODE;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.INPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.METADATA_HASH_VALUE;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.NEW_TIMESTAMP;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.OPEN_FLAGS;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.OUTPUT_STREAM;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.PATH_FLAGS;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.STRING;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.U64;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.borrow;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.list;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.method;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.methodName;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.option;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.own;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.result;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.tuple;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.EMPTY_LIST;

import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Param;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.WitValue.Bool;
import dev.wharf.runtime.internal.component.WitValue.EnumValue;
import dev.wharf.runtime.internal.component.WitValue.OptionValue;
import java.util.Map;

/**
 * wasi:filesystem/types and wasi:filesystem/preopens for a sandbox without files: no preopened
 * directory, so a guest never gets a descriptor, and every operation on one (or on a directory
 * stream) answers {@code err(access)}: the files exist or not, the sandbox denies access to all
 * of them (Wharf's rule), which a guest reports as "permission denied" rather than as a missing
 * feature ({@code unsupported}). {@code is-same-object} answers false and
 * {@code filesystem-error-code} none, since this host makes no stream error.
 */
final class FilesystemInterfaces {

    /** The answer of every operation on a descriptor. */
    static final WitValue DENIED = WasiValues.err(new EnumValue(ERROR_CODE.names().indexOf("access")));

    private FilesystemInterfaces() {}

    static void addTo(Map<String, Map<String, Object>> interfaces) {
        WasiInstance types = new WasiInstance("wasi:filesystem/types")
                .resource(INPUT_STREAM).resource(OUTPUT_STREAM).resource(ERROR).type("datetime", DATETIME)
                .type("filesize", U64).type("descriptor-type", DESCRIPTOR_TYPE)
                .type("descriptor-flags", DESCRIPTOR_FLAGS).type("descriptor-stat", DESCRIPTOR_STAT)
                .type("path-flags", PATH_FLAGS).type("open-flags", OPEN_FLAGS).type("link-count", U64)
                .type("new-timestamp", NEW_TIMESTAMP).type("directory-entry", DIRECTORY_ENTRY)
                .type("error-code", ERROR_CODE).type("advice", ADVICE)
                .type("metadata-hash-value", METADATA_HASH_VALUE)
                .resource(DESCRIPTOR).resource(DIRECTORY_ENTRY_STREAM);
        Param offset = param("offset", U64);
        Param path = param("path", STRING);
        Param pathFlags = param("path-flags", PATH_FLAGS);
        Param newDescriptor = param("new-descriptor", borrow(DESCRIPTOR));
        Param atime = param("data-access-timestamp", NEW_TIMESTAMP);
        Param mtime = param("data-modification-timestamp", NEW_TIMESTAMP);
        denied(types, "read-via-stream", own(INPUT_STREAM), offset);
        denied(types, "write-via-stream", own(OUTPUT_STREAM), offset);
        denied(types, "append-via-stream", own(OUTPUT_STREAM));
        denied(types, "advise", null, offset, param("length", U64), param("advice", ADVICE));
        denied(types, "sync-data", null);
        denied(types, "get-flags", DESCRIPTOR_FLAGS);
        denied(types, "get-type", DESCRIPTOR_TYPE);
        denied(types, "set-size", null, param("size", U64));
        denied(types, "set-times", null, atime, mtime);
        denied(types, "read", tuple(BYTES, BOOL), param("length", U64), offset);
        denied(types, "write", U64, param("buffer", BYTES), offset);
        denied(types, "read-directory", own(DIRECTORY_ENTRY_STREAM));
        denied(types, "sync", null);
        denied(types, "create-directory-at", null, path);
        denied(types, "stat", DESCRIPTOR_STAT);
        denied(types, "stat-at", DESCRIPTOR_STAT, pathFlags, path);
        denied(types, "set-times-at", null, pathFlags, path, atime, mtime);
        denied(types, "link-at", null, param("old-path-flags", PATH_FLAGS), param("old-path", STRING), newDescriptor,
                param("new-path", STRING));
        denied(types, "open-at", own(DESCRIPTOR), pathFlags, path, param("open-flags", OPEN_FLAGS),
                param("flags", DESCRIPTOR_FLAGS));
        denied(types, "readlink-at", STRING, path);
        denied(types, "remove-directory-at", null, path);
        denied(types, "rename-at", null, param("old-path", STRING), newDescriptor, param("new-path", STRING));
        denied(types, "symlink-at", null, param("old-path", STRING), param("new-path", STRING));
        denied(types, "unlink-file-at", null, path);
        types.func(methodName(DESCRIPTOR, "is-same-object"),
                method(DESCRIPTOR, BOOL, param("other", borrow(DESCRIPTOR))), a -> new Bool(false));
        denied(types, "metadata-hash", METADATA_HASH_VALUE);
        denied(types, "metadata-hash-at", METADATA_HASH_VALUE, pathFlags, path);
        types.func(methodName(DIRECTORY_ENTRY_STREAM, "read-directory-entry"),
                method(DIRECTORY_ENTRY_STREAM, result(option(DIRECTORY_ENTRY), ERROR_CODE)), a -> DENIED);
        types.func("filesystem-error-code", func(option(ERROR_CODE), param("err", borrow(ERROR))),
                a -> OptionValue.NONE);
        interfaces.put("filesystem/types", types.build());
        interfaces.put("filesystem/preopens", new WasiInstance("wasi:filesystem/preopens").resource(DESCRIPTOR)
                .func("get-directories", func(list(tuple(own(DESCRIPTOR), STRING))), a -> EMPTY_LIST)
                .build());
    }

    /** {@code [method]descriptor.name: func(self: borrow<descriptor>, params) -> result<ok, error-code>}, denied. */
    private static void denied(WasiInstance types, String name, WitType ok, Param... params) {
        types.func(methodName(DESCRIPTOR, name), method(DESCRIPTOR, result(ok, ERROR_CODE), params), a -> DENIED);
    }
}
