package dev.wharf.runtime.internal.component;

import java.util.List;
import java.util.Objects;

/**
 * A value type of the Component Model (a WIT type), resolved: every type index of the binary
 * replaced by the type it names. Immutable. The canonical ABI ({@code CanonicalABI.md}) gives each
 * a size, an alignment and a flattening into core values; WAVE gives each a text form.
 */
public sealed interface WitType {

    /** The primitive types. */
    enum Primitive implements WitType {
        BOOL("bool"), S8("s8"), U8("u8"), S16("s16"), U16("u16"), S32("s32"), U32("u32"), S64("s64"), U64("u64"),
        F32("f32"), F64("f64"), CHAR("char"), STRING("string");

        private final String wit;

        Primitive(String wit) {
            this.wit = wit;
        }

        /** Its name in WIT, e.g. {@code u32}. */
        public String wit() {
            return wit;
        }

        /** Whether it is one of the integer types. */
        public boolean integer() {
            return ordinal() >= S8.ordinal() && ordinal() <= U64.ordinal();
        }

        /** Whether it is an unsigned integer type. */
        public boolean unsigned() {
            return this == U8 || this == U16 || this == U32 || this == U64;
        }
    }

    /** {@code list<element>}. */
    record ListType(WitType element) implements WitType {
        public ListType {
            Objects.requireNonNull(element, "element");
        }
    }

    /** One field of a record. */
    record Field(String name, WitType type) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code record { name: type, ... }}, at least one field. */
    record RecordType(List<Field> fields) implements WitType {
        public RecordType {
            fields = List.copyOf(fields);
        }
    }

    /** {@code tuple<a, b, ...>}, at least one type. */
    record TupleType(List<WitType> types) implements WitType {
        public TupleType {
            types = List.copyOf(types);
        }
    }

    /** One case of a variant, with its payload type or none. */
    record Case(String name, WitType payload) {
        public Case {
            Objects.requireNonNull(name, "name");
        }

        public boolean hasPayload() {
            return payload != null;
        }
    }

    /** {@code variant { case(payload), case, ... }}, at least one case. */
    record VariantType(List<Case> cases) implements WitType {
        public VariantType {
            cases = List.copyOf(cases);
        }
    }

    /** {@code enum { a, b, ... }}, at least one name. */
    record EnumType(List<String> names) implements WitType {
        public EnumType {
            names = List.copyOf(names);
        }
    }

    /** {@code option<type>}. */
    record OptionType(WitType type) implements WitType {
        public OptionType {
            Objects.requireNonNull(type, "type");
        }
    }

    /** {@code result<ok, err>}; either side may be absent ({@code null}). */
    record ResultType(WitType ok, WitType err) implements WitType {}

    /** {@code flags { a, b, ... }}, at most 32 names. */
    record FlagsType(List<String> names) implements WitType {
        public FlagsType {
            names = List.copyOf(names);
        }
    }

    /** A resource type; {@code name} for messages, {@code id} tells two resource types apart. */
    record ResourceType(String name, int id) implements WitType {}

    /** {@code own<resource>}: a handle whose ownership passes with the value. */
    record Own(ResourceType resource) implements WitType {}

    /** {@code borrow<resource>}: a handle lent for the duration of one call. */
    record Borrow(ResourceType resource) implements WitType {}

    /** A parameter or result of a function. */
    record Param(String name, WitType type) {
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A function type: named parameters and either one unnamed result ({@code results} holds it
     * with the name {@code ""}), none, or named results (the MVP's).
     */
    record FuncType(List<Param> params, List<Param> results) {
        public FuncType {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }
    }
}
