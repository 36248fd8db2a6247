package dev.wharf.runtime.internal.guest.component.capability;

import static dev.wharf.runtime.internal.component.wasi.WasiTypes.func;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.method;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.methodName;
import static dev.wharf.runtime.internal.component.wasi.WasiTypes.param;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.OK_UNIT;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.byteList;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.bytes;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.err;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.integer;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.ok;
import static dev.wharf.runtime.internal.component.wasi.WasiValues.rep;
import static dev.wharf.runtime.internal.guest.component.capability.HostValues.NONE;
import static dev.wharf.runtime.internal.guest.component.capability.HostValues.some;
import static dev.wharf.runtime.internal.guest.component.capability.HostValues.string;
import static dev.wharf.runtime.internal.guest.component.capability.KeyValueVersion.BYTES;

import dev.wharf.api.ErrorCode;
import dev.wharf.runtime.internal.component.WitType;
import dev.wharf.runtime.internal.component.WitType.Borrow;
import dev.wharf.runtime.internal.component.WitType.ListType;
import dev.wharf.runtime.internal.component.WitType.OptionType;
import dev.wharf.runtime.internal.component.WitType.Own;
import dev.wharf.runtime.internal.component.WitType.Primitive;
import dev.wharf.runtime.internal.component.WitType.ResultType;
import dev.wharf.runtime.internal.component.WitType.TupleType;
import dev.wharf.runtime.internal.component.WitType.VariantType;
import dev.wharf.runtime.internal.component.WitValue;
import dev.wharf.runtime.internal.component.wasi.WasiInstance;
import dev.wharf.runtime.internal.component.WitValue.Handle;
import dev.wharf.runtime.internal.component.WitValue.Int;
import dev.wharf.runtime.internal.component.WitValue.ListValue;
import dev.wharf.runtime.internal.component.WitValue.RecordValue;
import dev.wharf.runtime.internal.component.WitValue.Str;
import dev.wharf.runtime.internal.component.WitValue.TupleValue;
import dev.wharf.runtime.internal.component.WitValue.VariantValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * wasi:keyvalue/store, atomics and batch of one version ({@link KeyValueVersion}) for one
 * component instance, over its buckets ({@link KvBuckets}): each function is one or a few calls
 * of the {@code kv} capability. A failed call answers the interface's {@code error}: a call the
 * policy denies is {@code access-denied}, an identifier that names no bucket
 * {@code no-such-store}, anything else {@code other} with a text naming the failure and its code.
 * list-keys answers pages of {@value #PAGE} keys.
 */
final class KeyValueInterfaces {

    static final int PAGE = 100;

    private static final int NO_SUCH_STORE = 0;
    private static final int ACCESS_DENIED = 1;
    private static final int OTHER = 2;

    /** What a host function does, failing with the error of the capability call that failed. */
    private interface Body {
        WitValue run(List<WitValue> args) throws CapabilityError;
    }

    private final KvBuckets buckets;
    private final KeyValueVersion v;
    private final String name;

    KeyValueInterfaces(KvBuckets buckets, KeyValueVersion version) {
        this.buckets = buckets;
        this.v = version;
        this.name = "@" + version.version();
    }

    /** The instance of {@code iface} ({@code store}, {@code atomics}, {@code batch}); {@code null} for another. */
    Map<String, Object> instance(String iface) {
        return switch (iface) {
            case "store" -> store();
            case "atomics" -> atomics();
            case "batch" -> batch();
            default -> null;
        };
    }

    private ResultType result(WitType ok) {
        return new ResultType(ok, v.error());
    }

    private Map<String, Object> store() {
        WitType.ResourceType bucket = v.bucket();
        WitType key = Primitive.STRING;
        return new WasiInstance("wasi:keyvalue/store" + name)
                .type("error", v.error()).type("key-response", v.keyResponse()).resource(bucket)
                .func("open", func(result(new Own(bucket)), param("identifier", Primitive.STRING)), this::open)
                .func(methodName(bucket, "get"), method(bucket, result(new OptionType(BYTES)), param("key", key)),
                        guarded(a -> optionalBytes(buckets.get(rep(a, 0), string(a, 1)))))
                .func(methodName(bucket, "set"), method(bucket, result(null), param("key", key), param("value", BYTES)),
                        guarded(a -> {
                            buckets.set(rep(a, 0), string(a, 1), bytes(a.get(2)));
                            return null;
                        }))
                .func(methodName(bucket, "delete"), method(bucket, result(null), param("key", key)), guarded(a -> {
                    buckets.delete(rep(a, 0), string(a, 1));
                    return null;
                }))
                .func(methodName(bucket, "exists"), method(bucket, result(Primitive.BOOL), param("key", key)),
                        guarded(a -> new WitValue.Bool(buckets.get(rep(a, 0), string(a, 1)) != null)))
                .func(methodName(bucket, "list-keys"), method(bucket, result(v.keyResponse()),
                        param("cursor", new OptionType(v.keyCursor() ? Primitive.STRING : Primitive.U64))),
                        guarded(this::listKeys))
                .build();
    }

    private Map<String, Object> atomics() {
        WasiInstance i = new WasiInstance("wasi:keyvalue/atomics" + name)
                .resource(v.bucket()).type("error", v.error())
                .func("increment", func(result(v.counter()), param("bucket", new Borrow(v.bucket())),
                        param("key", Primitive.STRING), param("delta", v.counter())),
                        guarded(a -> new Int(buckets.increment(rep(a, 0), string(a, 1), integer(a, 2)))));
        if (v.hasCompareAndSwap()) {
            WitType.ResourceType cas = v.cas();
            VariantType casError = new VariantType(List.of(new WitType.Case("store-error", v.error()),
                    new WitType.Case("cas-failed", new Own(cas))));
            i.type("cas-error", casError).resource(cas)
                    .func(staticName(cas, "new"), func(result(new Own(cas)), param("bucket", new Borrow(v.bucket())),
                            param("key", Primitive.STRING)), guarded(a -> new Handle(buckets.beginCas(rep(a, 0), string(a, 1)))))
                    .func(methodName(cas, "current"), method(cas, result(new OptionType(BYTES))),
                            guarded(a -> optionalBytes(buckets.seen(rep(a, 0)))))
                    .func("swap", func(new ResultType(null, casError), param("cas", new Own(cas)), param("value", BYTES)),
                            this::swap);
        }
        return i.build();
    }

    private Map<String, Object> batch() {
        WitType.ResourceType bucket = v.bucket();
        ListType keys = new ListType(Primitive.STRING);
        return new WasiInstance("wasi:keyvalue/batch" + name)
                .resource(bucket).type("error", v.error())
                .func("get-many", func(result(new ListType(v.manyEntry())), param("bucket", new Borrow(bucket)),
                        param("keys", keys)), guarded(this::getMany))
                .func("set-many", func(result(null), param("bucket", new Borrow(bucket)),
                        param("key-values", new ListType(new TupleType(List.of(Primitive.STRING, BYTES))))), guarded(a -> {
                            for (WitValue entry : HostValues.list(a.get(1))) {
                                List<WitValue> kv = ((TupleValue) entry).values();
                                buckets.set(rep(a, 0), ((Str) kv.get(0)).value(), bytes(kv.get(1)));
                            }
                            return null;
                        }))
                .func("delete-many", func(result(null), param("bucket", new Borrow(bucket)), param("keys", keys)),
                        guarded(a -> {
                            for (WitValue k : HostValues.list(a.get(1))) {
                                buckets.delete(rep(a, 0), ((Str) k).value());
                            }
                            return null;
                        }))
                .build();
    }

    // ---- bodies --------------------------------------------------------------------------------

    private WitValue open(List<WitValue> a) {
        try {
            return ok(new Handle(buckets.open(string(a, 0))));
        } catch (CapabilityError e) {
            return err(e.code() == ErrorCode.NOT_FOUND ? new VariantValue(NO_SUCH_STORE, null) : error(e));
        }
    }

    private WitValue listKeys(List<WitValue> a) throws CapabilityError {
        List<String> all = buckets.keys(rep(a, 0));
        WitValue cursor = ((WitValue.OptionValue) a.get(1)).value();
        int from = 0;
        if (cursor instanceof Str after) {
            while (from < all.size() && all.get(from).compareTo(after.value()) <= 0) {
                from++;
            }
        } else if (cursor instanceof Int offset) {
            // a u64 beyond the keys (its bits negative as a long too) is past the last page
            from = offset.value() < 0 || offset.value() > all.size() ? all.size() : (int) offset.value();
        }
        int to = Math.min(all.size(), from + PAGE);
        List<WitValue> page = new ArrayList<>(to - from);
        for (String k : all.subList(from, to)) {
            page.add(new Str(k));
        }
        WitValue next = NONE;
        if (to < all.size()) {
            next = some(v.keyCursor() ? new Str(all.get(to - 1)) : new Int(to));
        }
        return new RecordValue(List.of(new ListValue(page), next));
    }

    private WitValue getMany(List<WitValue> a) throws CapabilityError {
        List<WitValue> out = new ArrayList<>();
        for (WitValue k : HostValues.list(a.get(1))) {
            String key = ((Str) k).value();
            byte[] value = buckets.get(rep(a, 0), key);
            if (v.hasCompareAndSwap()) {
                out.add(new TupleValue(List.of(k, optionalBytes(value))));
            } else {
                out.add(value == null ? NONE : some(new TupleValue(List.of(k, byteList(value)))));
            }
        }
        return new ListValue(out);
    }

    private WitValue swap(List<WitValue> a) {
        int rep = rep(a, 0);
        try {
            int retry = buckets.swap(rep, bytes(a.get(1)));
            // when the value changed, the guest gets a compare-and-swap of the value now, to try again
            return retry == 0 ? OK_UNIT : err(new VariantValue(1, new Handle(retry)));
        } catch (CapabilityError e) {
            return err(new VariantValue(0, error(e)));
        }
    }

    // ---- results and errors ----------------------------------------------------------------------

    /** The name of static function {@code function} of {@code resource}: {@code [static]resource.function}. */
    private static String staticName(WitType.ResourceType resource, String function) {
        return "[static]" + resource.name() + "." + function;
    }

    private static WitValue optionalBytes(byte[] value) {
        return value == null ? NONE : some(byteList(value));
    }

    /** The function {@code body} as a host function: its value is the ok side, a failure the error. */
    private Function<List<WitValue>, WitValue> guarded(Body body) {
        return a -> {
            try {
                return ok(body.run(a));
            } catch (CapabilityError e) {
                return err(error(e));
            }
        };
    }

    private static VariantValue error(CapabilityError e) {
        if (e.code() == ErrorCode.DENIED) {
            return new VariantValue(ACCESS_DENIED, null);
        }
        return new VariantValue(OTHER, new Str(e.getMessage()));
    }
}
