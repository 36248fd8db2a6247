package dev.wharf.runtime.internal.guest.component.actor;

import dev.wharf.api.InvalidComponentException;
import dev.wharf.runtime.internal.component.WitText;
import dev.wharf.runtime.internal.component.WitType.FuncType;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Which of wharf:actor's exports a component has, found at deploy time among its exported
 * functions: {@code handler#handle-message} makes it take messages, {@code health#check} gives
 * it a health check of its own, {@code state#save-state} and {@code state#restore-state} hand its
 * state over on an update. Each is the full name the component's functions go by
 * ({@code wharf:actor/handler@1.0.0#handle-message}), or {@code null} when it lacks it. A
 * function of these interfaces whose type is not the package's is a deploy error naming it.
 */
public record ActorExports(String handleMessage, String check, String saveState, String restoreState) {

    /** A component that exports none of them. */
    public static final ActorExports NONE = new ActorExports(null, null, null, null);

    /**
     * Finds them among {@code functions}, the component's exported functions by full name.
     *
     * @throws InvalidComponentException naming the first of them whose type differs from wharf:actor's
     */
    public static ActorExports of(Map<String, FuncType> functions, String origin) {
        String handle = null;
        String check = null;
        String save = null;
        String restore = null;
        for (Map.Entry<String, FuncType> e : functions.entrySet()) {
            String name = e.getKey();
            int hash = name.indexOf('#');
            Matcher m = hash < 0 ? null : ActorTypes.NAME.matcher(name.substring(0, hash));
            if (m == null || !m.matches()) {
                continue;
            }
            String fn = m.group(1) + "#" + name.substring(hash + 1);
            FuncType expected = expected(fn);
            if (expected == null) {
                continue; // a function a later minor version adds: the host does not call it
            }
            requireType(origin, name, e.getValue(), expected);
            switch (fn) {
                case "handler#handle-message" -> handle = name;
                case "health#check" -> check = name;
                case "state#save-state" -> save = name;
                default -> restore = name;
            }
        }
        return new ActorExports(handle, check, save, restore);
    }

    private static FuncType expected(String function) {
        return switch (function) {
            case "handler#handle-message" -> ActorTypes.HANDLE_MESSAGE;
            case "health#check" -> ActorTypes.CHECK;
            case "state#save-state" -> ActorTypes.SAVE_STATE;
            case "state#restore-state" -> ActorTypes.RESTORE_STATE;
            default -> null;
        };
    }

    /** Parameter names are the component's own: only the types must be the package's. */
    private static void requireType(String origin, String name, FuncType actual, FuncType expected) {
        boolean same = actual.params().size() == expected.params().size()
                && actual.results().size() == expected.results().size();
        for (int i = 0; same && i < actual.params().size(); i++) {
            same = actual.params().get(i).type().equals(expected.params().get(i).type());
        }
        for (int i = 0; same && i < actual.results().size(); i++) {
            same = actual.results().get(i).type().equals(expected.results().get(i).type());
        }
        if (!same) {
            throw new InvalidComponentException(origin + " exports '" + name + "' as " + WitText.of(actual)
                    + "; wharf:actor 1.x declares it " + WitText.of(expected));
        }
    }

    /** Whether it takes messages. */
    public boolean takesMessages() {
        return handleMessage != null;
    }

    /** Whether it checks its own health. */
    public boolean checksHealth() {
        return check != null;
    }

    /** Whether it can hand its state over. */
    public boolean savesState() {
        return saveState != null;
    }

    /** Whether it can take the state of the version it replaces. */
    public boolean restoresState() {
        return restoreState != null;
    }
}
