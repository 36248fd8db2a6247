package dev.wharf.runtime.internal.component.link;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.TypeSection;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Works around Chicory 1.7.5's call_indirect across instances: it checks the type index of the
 * caller's instruction against the type section of the instance that owns the table entry
 * (bytecodealliance/endive#88), while the spec compares the function's type with the type the
 * caller's index means in the caller's own module. Each entry a core instance puts into a table
 * through which other instances of the component call is moved, once the instance is built and
 * before its start function, into a bridge instance: a module of no code whose type section
 * holds, at every index those callers use for the entry's function type, that type, and whose
 * imported function calls the entry's function in its owner. Entries owned by an instance that
 * itself calls through the table stay where they are (its own calls keep Chicory's direct path).
 */
final class TableBridge {

    /** Where a bridged entry's function lives. */
    private record Origin(Instance owner, int funcId) {}

    /** What {@link #scan} finds in a module: per table index, the type indices of its call_indirect. */
    record IndirectTypes(Map<Integer, Set<Integer>> byTable) {}

    private final List<Instance> instances = new ArrayList<>();
    private final Map<Instance, Origin[]> bridges = new IdentityHashMap<>();
    private final Map<WasmModule, Map<Integer, Set<Integer>>> indirect = new IdentityHashMap<>();

    /**
     * Core instance {@code n} of the component is built (its active element segments have run)
     * and its start function has not run yet; {@code indirectTypes} is {@link #scan} of its module.
     */
    void linked(Instance n, Object indirectTypes) {
        instances.add(n);
        if (indirectTypes instanceof IndirectTypes known) {
            indirect.put(n.module(), known.byTable());
        }
        Set<TableInstance> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < n.tableCount(); i++) {
            TableInstance t = n.table(i);
            if (t.elementType().equals(ValType.FuncRef) && done.add(t)) {
                bridge(t);
            }
        }
    }

    private void bridge(TableInstance table) {
        // what each index means to the instances calling through the table
        Map<Integer, Set<FunctionType>> meaning = new TreeMap<>();
        Set<Instance> callers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Instance c : instances) {
            for (int i = 0; i < c.tableCount(); i++) {
                if (c.table(i) != table) {
                    continue;
                }
                for (int t : indirectTypes(c.module()).getOrDefault(i, Set.of())) {
                    callers.add(c);
                    meaning.computeIfAbsent(t, x -> new HashSet<>()).add(c.module().typeSection().getType(t));
                }
            }
        }
        if (meaning.isEmpty()) {
            return;
        }
        // the entries of instances that do not call through it, by owner and function type
        Map<Instance, Map<FunctionType, List<Integer>>> entries = new LinkedHashMap<>();
        for (int slot = 0; slot < table.size(); slot++) {
            Origin o = origin(table, slot);
            if (o != null && !callers.contains(o.owner())) {
                FunctionType ft = o.owner().type(o.owner().functionType(o.funcId()));
                entries.computeIfAbsent(o.owner(), x -> new LinkedHashMap<>())
                        .computeIfAbsent(ft, x -> new ArrayList<>()).add(slot);
            }
        }
        int size = ((TreeMap<Integer, Set<FunctionType>>) meaning).lastKey() + 1;
        for (var byOwner : entries.entrySet()) {
            for (var e : byOwner.getValue().entrySet()) {
                FunctionType ft = e.getKey();
                List<Integer> indices = new ArrayList<>();
                meaning.forEach((t, types) -> {
                    if (types.contains(ft)) {
                        indices.add(t);
                    }
                });
                if (indices.isEmpty() || passesAsIs(ft, indices, e.getValue(), table)) {
                    continue;
                }
                move(table, e.getValue(), ft, indices, size);
            }
        }
    }

    /** The function of entry {@code slot}, seen through a bridge; {@code null} for a null entry. */
    private Origin origin(TableInstance table, int slot) {
        int ref = table.ref(slot);
        Instance owner = table.instance(slot);
        if (ref == Value.REF_NULL_VALUE || owner == null) {
            return null;
        }
        Origin[] bridged = bridges.get(owner);
        return bridged != null ? bridged[ref] : new Origin(owner, ref);
    }

    /**
     * Whether Chicory's check, made in the type section of the instance holding each entry (its
     * owner, or the bridge it was moved to before), already lets every call of the callers'
     * indices for {@code ft} through.
     */
    private boolean passesAsIs(FunctionType ft, List<Integer> indices, List<Integer> slots, TableInstance table) {
        for (int slot : slots) {
            Instance holder = table.instance(slot);
            TypeSection ts = holder.module().typeSection();
            for (int t : indices) {
                if (t >= ts.subTypeCount() || !ft.equals(ts.getType(t))) {
                    return false;
                }
            }
        }
        return true;
    }

    private void move(TableInstance table, List<Integer> slots, FunctionType ft, List<Integer> indices, int size) {
        // another arity than ft's: an index no caller uses for ft never matches it
        FunctionType other = FunctionType.of(Collections.nCopies(ft.params().size() + 1, ValType.I32), List.of());
        TypeSection.Builder types = TypeSection.builder();
        for (int t = 0; t < size; t++) {
            types.addFunctionType(indices.contains(t) ? ft : other);
        }
        ImportSection.Builder imports = ImportSection.builder();
        HostFunction[] forward = new HostFunction[slots.size()];
        Origin[] origins = new Origin[slots.size()];
        for (int k = 0; k < slots.size(); k++) {
            Origin o = origin(table, slots.get(k));
            origins[k] = o;
            String name = Integer.toString(k);
            imports.addImport(new FunctionImport("bridge", name, indices.get(0)));
            Instance owner = o.owner();
            int funcId = o.funcId();
            forward[k] = new HostFunction("bridge", name, ft, (inst, args) -> owner.getMachine().call(funcId, args));
        }
        Instance bridge = Instance.builder(WasmModule.builder().setTypeSection(types.build()).setImportSection(imports.build()).build())
                .withImportValues(ImportValues.builder().addFunction(forward).build())
                .withMachineFactory(InterpreterMachine::new).withStart(false).build();
        bridges.put(bridge, origins);
        for (int k = 0; k < slots.size(); k++) {
            table.setRef(slots.get(k), k, bridge);
        }
    }

    /** For each table index of {@code module}, the type indices of its call_indirect and return_call_indirect. */
    private Map<Integer, Set<Integer>> indirectTypes(WasmModule module) {
        return indirect.computeIfAbsent(module, m -> scan(m).byTable());
    }

    /** For each table index of {@code m}, the type indices of its call_indirect and return_call_indirect: once per distinct module, as the engine's analysis. */
    static IndirectTypes scan(WasmModule m) {
        Map<Integer, Set<Integer>> byTable = new HashMap<>();
        var code = m.codeSection();
        for (int f = 0; f < code.functionBodyCount(); f++) {
            for (var ins : code.getFunctionBody(f).instructions()) {
                if (ins.opcode() == OpCode.CALL_INDIRECT || ins.opcode() == OpCode.RETURN_CALL_INDIRECT) {
                    byTable.computeIfAbsent((int) ins.operand(1), x -> new TreeSet<>()).add((int) ins.operand(0));
                }
            }
        }
        return new IndirectTypes(byTable);
    }
}
