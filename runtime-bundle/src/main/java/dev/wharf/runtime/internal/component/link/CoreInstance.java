package dev.wharf.runtime.internal.component.link;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import dev.wharf.runtime.internal.component.binary.Ast.Sort;
import dev.wharf.runtime.internal.component.binary.MalformedComponentException;
import dev.wharf.runtime.internal.engine.GuestInstance;
import java.util.Map;

/**
 * A core instance of a component: a core module instantiated on Chicory, or a bundle of core
 * definitions made from exports ({@code (core instance (export ...)*)}). Its exports are what
 * the next core modules import.
 */
sealed interface CoreInstance {

    /** Export {@code name} of sort {@code sort}: a {@link CoreFunction}, a {@link Memory}, a {@link TableInstance} or a {@link GlobalInstance}. */
    Object export(String name, Sort sort);

    long[] NO_RESULTS = new long[0];

    /** A core module's instance. */
    record Module(GuestInstance instance) implements CoreInstance {
        @Override
        public Object export(String name, Sort sort) {
            var exports = instance.instance().exports();
            Object found;
            try {
                found = switch (sort) {
                    case CORE_FUNC -> {
                        // the instance's own export: its function resolved once, not by name on every call
                        ExportFunction f = instance.export(name);
                        // Chicory answers null for a function without results
                        yield (CoreFunction) args -> {
                            long[] r = f.apply(args);
                            return r == null ? NO_RESULTS : r;
                        };
                    }
                    case CORE_MEMORY -> exports.memory(name);
                    case CORE_TABLE -> exports.table(name);
                    case CORE_GLOBAL -> exports.global(name);
                    default -> null;
                };
            } catch (RuntimeException e) {
                found = null; // Chicory's lookup of a missing export
            }
            if (found == null) {
                throw new MalformedComponentException("core instance exports no " + sort + " named '" + name + "'");
            }
            return found;
        }
    }

    /** Core definitions put together under names. */
    record Exports(Map<String, Object> byName) implements CoreInstance {
        @Override
        public Object export(String name, Sort sort) {
            Object found = byName.get(name);
            if (found == null || !ofSort(found, sort)) {
                throw new MalformedComponentException("core instance exports no " + sort + " named '" + name + "'");
            }
            return found;
        }

        private static boolean ofSort(Object o, Sort sort) {
            return switch (sort) {
                case CORE_FUNC -> o instanceof CoreFunction;
                case CORE_MEMORY -> o instanceof Memory;
                case CORE_TABLE -> o instanceof TableInstance;
                case CORE_GLOBAL -> o instanceof GlobalInstance;
                default -> false;
            };
        }
    }
}
