package dev.wharf.runtime.internal.guest;

import dev.wharf.api.ExportSignature;
import dev.wharf.runtime.internal.engine.CapabilityImport;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A component's code, loaded, validated and compiled, as one kind of guest: every instance of
 * the component (the first, each restart) is made from it. Immutable; shared by the threads that
 * read it. The {@link GuestLoader} decides which implementation a module gets.
 */
public interface GuestModule {

    /** Its kind, as {@code wasm:list} shows it: {@code wasm} (Wharf's ABI), {@code extism} or {@code component}. */
    String kind();

    /** Whether its functions are called with bytes ({@link Guest#call}), not with numbers (Invoke). */
    boolean callsWithBytes();

    /**
     * Whether its functions take typed values ({@link Guest#call(Deadline, String, ValueForm, Object)}):
     * only a WebAssembly component's do; an Invoke of it carries them in JSON or CBOR.
     */
    default boolean takesValues() {
        return false;
    }

    /**
     * What {@code wasm:info} shows of its interface beyond its exports, line by line: a
     * component's world in WIT; nothing for the other kinds.
     */
    default List<String> describe() {
        return List.of();
    }

    /** SHA-256 of its bytes, lower-case hex. */
    String sha256();

    /**
     * Its callable functions, by name: those called with number arguments (Invoke) for Wharf's
     * ABI, those called with bytes ({@link Guest#call}) for an Extism plugin.
     */
    Map<String, ExportSignature> exports();

    /** Whether {@code name} names one of its functions (a kind may accept more names than the keys of {@link #exports()}). */
    default boolean hasFunction(String name) {
        return exports().containsKey(name);
    }

    /** The same, ordered by name. */
    default List<ExportSignature> exportList() {
        return exports().values().stream().sorted(Comparator.comparing(ExportSignature::name)).toList();
    }

    /** Whether its instances have a health check of their own: only Wharf's own ABI has one ({@code _health}). */
    default boolean checksHealth() {
        return false;
    }

    /**
     * Whether its instances keep a state of their own that they hand to a new version (Wharf's
     * {@code _save_state}/{@code _restore_state}, {@code wharf:actor/state}): such a component runs
     * with one instance, since N instances have N states and no one of them is the component's.
     */
    default boolean keepsState() {
        return false;
    }

    /**
     * The functions by which its instances keep that state, by the names it exports them under,
     * for the messages that name them; empty when {@link #keepsState()} is false.
     */
    default List<String> stateFunctions() {
        return List.of();
    }

    /**
     * The functions it imports from capabilities ({@code wharf:<name>}): only a module of Wharf's
     * own ABI imports them (an Extism plugin reaches {@code http} through its kernel).
     */
    default List<CapabilityImport> capabilityImports() {
        return List.of();
    }

    /**
     * Whether its instances answer HTTP requests ({@link Guest#serveHttp}): only a WebAssembly
     * component exporting {@code wasi:http/incoming-handler} does.
     */
    default boolean servesHttp() {
        return false;
    }

    /** Whether it runs compiled code (else the interpreter). */
    boolean compiled();

    /** Whether it imports WASI preview 1. */
    boolean usesWasi();

    /** How it runs, for the log: {@code compiled}, {@code compiled, from the compile cache} or {@code interpreted}. */
    String engineLabel();

    /**
     * Makes a new instance whose host functions go to {@code host}. Its initialisation is the
     * caller's to run ({@link Guest#initialize}).
     *
     * @throws dev.wharf.runtime.internal.engine.MemoryBudget.ExhaustedException when the memory
     *     budget of all guests has no room for it
     */
    Guest instantiate(GuestHost host);
}
