package dev.wharf.runtime.internal.component.binary;

import dev.wharf.runtime.internal.component.WitType;
import java.util.List;

/**
 * A component binary as parsed: its definitions in order (each adds to one index space), every
 * type still written with indices. Validation and instantiation resolve the indices; nothing
 * here has been checked beyond the binary format. Immutable.
 */
public final class Ast {

    private Ast() {}

    /** A component: its definitions in the order the binary gives them. */
    public record Component(List<Definition> definitions) {
        public Component {
            definitions = List.copyOf(definitions);
        }
    }

    /** One definition of a component. */
    public sealed interface Definition {}

    /** An embedded core module, its bytes as Chicory parses them; {@code offset} in the outermost binary. */
    public record CoreModule(byte[] bytes, int offset) implements Definition {}

    /** {@code (core instance (instantiate m (with n (instance i))*))}. */
    public record CoreInstantiate(int module, List<CoreArg> args) implements Definition {
        public CoreInstantiate {
            args = List.copyOf(args);
        }
    }

    public record CoreArg(String name, int instance) {}

    /** A core instance made of exports of other core definitions. */
    public record CoreFromExports(List<CoreExport> exports) implements Definition {
        public CoreFromExports {
            exports = List.copyOf(exports);
        }
    }

    public record CoreExport(String name, Sort sort, int index) {}

    /** A core type: a function type or a module type. */
    public record CoreTypeDef(CoreType type) implements Definition {}

    /** A nested component. */
    public record Nested(Component component) implements Definition {}

    /** {@code (instance (instantiate c (with n (sort i))*))}. */
    public record Instantiate(int component, List<Arg> args) implements Definition {
        public Instantiate {
            args = List.copyOf(args);
        }
    }

    public record Arg(String name, Sort sort, int index) {}

    /** An instance made of exports of other definitions. */
    public record FromExports(List<Arg> exports) implements Definition {
        public FromExports {
            exports = List.copyOf(exports);
        }
    }

    /** An alias of an export of an instance, of a core instance, or of a definition of an enclosing scope. */
    public record Alias(Sort sort, AliasTarget target) implements Definition {}

    public sealed interface AliasTarget {}

    public record InstanceExport(int instance, String name) implements AliasTarget {}

    public record CoreInstanceExport(int instance, String name) implements AliasTarget {}

    public record Outer(int count, int index) implements AliasTarget {}

    public record TypeDef(DefType type) implements Definition {}

    public record Canon(CanonFunc function) implements Definition {}

    public record Import(String name, ExternType type) implements Definition {}

    /** An export; {@code type} is the ascribed type, or {@code null}. */
    public record Export(String name, Sort sort, int index, ExternType type) implements Definition {}

    /** The sorts of index spaces. */
    public enum Sort {
        CORE_FUNC, CORE_TABLE, CORE_MEMORY, CORE_GLOBAL, CORE_TAG, CORE_TYPE, CORE_MODULE, CORE_INSTANCE,
        FUNC, VALUE, TYPE, COMPONENT, INSTANCE;

        public boolean core() {
            return ordinal() <= CORE_INSTANCE.ordinal();
        }
    }

    // ---- canonical functions -------------------------------------------------------------------

    public sealed interface CanonFunc {}

    /** {@code canon lift}: a core function as a component function of type {@code type}. */
    public record Lift(int coreFunc, CanonOptions options, int type) implements CanonFunc {}

    /** {@code canon lower}: a component function as a core function. */
    public record Lower(int func, CanonOptions options) implements CanonFunc {}

    public record ResourceNew(int type) implements CanonFunc {}

    public record ResourceDrop(int type) implements CanonFunc {}

    public record ResourceRep(int type) implements CanonFunc {}


    /** The options of a lift or lower; {@code -1} for an index not given. */
    public record CanonOptions(dev.wharf.runtime.internal.component.StringEncoding encoding, int memory, int realloc, int postReturn) {}

    // ---- types ---------------------------------------------------------------------------------

    /** A value type as written: a primitive or the index of a defined value type. */
    public sealed interface ValRef {}

    public record Prim(WitType.Primitive primitive) implements ValRef, DefValType {}

    public record Index(int index) implements ValRef {}

    public record Labelled(String label, ValRef type) {}

    public sealed interface DefType {}

    public sealed interface DefValType extends DefType {}

    public record RecordDef(List<Labelled> fields) implements DefValType {
        public RecordDef {
            fields = List.copyOf(fields);
        }
    }

    /** A variant; a case without payload has a {@code null} type. */
    public record VariantDef(List<Labelled> cases) implements DefValType {
        public VariantDef {
            cases = List.copyOf(cases);
        }
    }

    public record ListDef(ValRef element) implements DefValType {}

    public record TupleDef(List<ValRef> types) implements DefValType {
        public TupleDef {
            types = List.copyOf(types);
        }
    }

    public record FlagsDef(List<String> names) implements DefValType {
        public FlagsDef {
            names = List.copyOf(names);
        }
    }

    public record EnumDef(List<String> names) implements DefValType {
        public EnumDef {
            names = List.copyOf(names);
        }
    }

    public record OptionDef(ValRef type) implements DefValType {}

    /** {@code result}; either side may be {@code null}. */
    public record ResultDef(ValRef ok, ValRef err) implements DefValType {}

    public record OwnDef(int resource) implements DefValType {}

    public record BorrowDef(int resource) implements DefValType {}

    /** A function type: labelled parameters, and results (one unnamed with label {@code ""}, or none, or named). */
    public record FuncDef(List<Labelled> params, List<Labelled> results) implements DefType {
        public FuncDef {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }
    }

    public record ComponentTypeDef(List<Decl> decls) implements DefType {
        public ComponentTypeDef {
            decls = List.copyOf(decls);
        }
    }

    public record InstanceTypeDef(List<Decl> decls) implements DefType {
        public InstanceTypeDef {
            decls = List.copyOf(decls);
        }
    }

    /** A resource type: its representation (i32) and its destructor's core function index, or -1. */
    public record ResourceDef(int destructor) implements DefType {}

    /** A declarator of a component or instance type. */
    public sealed interface Decl {}

    public record CoreTypeDecl(CoreType type) implements Decl {}

    public record TypeDecl(DefType type) implements Decl {}

    public record AliasDecl(Alias alias) implements Decl {}

    public record ImportDecl(String name, ExternType type) implements Decl {}

    public record ExportDecl(String name, ExternType type) implements Decl {}

    /** The type of an import or export. */
    public sealed interface ExternType {}

    public record CoreModuleExtern(int coreType) implements ExternType {}

    public record FuncExtern(int type) implements ExternType {}

    /** {@code (type (eq i))}, or {@code (type (sub resource))} when {@code equalTo} is -1. */
    public record TypeExtern(int equalTo) implements ExternType {}

    public record ComponentExtern(int type) implements ExternType {}

    public record InstanceExtern(int type) implements ExternType {}

    // ---- core types ----------------------------------------------------------------------------

    public sealed interface CoreType {}

    /** A core function type; value types as their binary codes (0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64, ...). */
    public record CoreFuncType(List<Integer> params, List<Integer> results) implements CoreType {
        public CoreFuncType {
            params = List.copyOf(params);
            results = List.copyOf(results);
        }
    }

    /** A core module type, its declarations kept as they were read. */
    public record CoreModuleType(List<CoreModuleDecl> decls) implements CoreType {
        public CoreModuleType {
            decls = List.copyOf(decls);
        }
    }

    public sealed interface CoreModuleDecl {}

    public record CoreImportDecl(String module, String name, CoreExternDesc desc) implements CoreModuleDecl {}

    public record CoreTypeInModule(CoreType type) implements CoreModuleDecl {}

    public record CoreOuterAlias(int count, int index) implements CoreModuleDecl {}

    public record CoreExportDecl(String name, CoreExternDesc desc) implements CoreModuleDecl {}

    /** A core import's or export's description: its kind (0 func, 1 table, 2 memory, 3 global, 4 tag) and its raw immediates. */
    public record CoreExternDesc(int kind, long[] immediates) {}
}
