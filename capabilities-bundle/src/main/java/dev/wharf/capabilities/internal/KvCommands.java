package dev.wharf.capabilities.internal;

import dev.wharf.api.ComponentId;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code wasm:kv} command of the Gogo shell: a component's kv entries, one per line as
 * {@code key<TAB>value}, then {@code <n> entries, <used> of <quota> bytes}. Keys and values are
 * printed as text when they are UTF-8 without control characters, else (and when the text
 * itself starts with {@code 0x}, so scripts can tell the two apart) as {@code 0x} and lower-case
 * hex. Errors are one line starting with {@code error:}, like the other {@code wasm:} commands.
 */
@Component(service = KvCommands.class, property = {"osgi.command.scope=wasm", "osgi.command.function=kv"})
public final class KvCommands {

    static final String USAGE = "wasm:kv <id> [prefix]";

    private final KvCapability kv;

    @Activate
    public KvCommands(@Reference KvCapability kv) {
        this.kv = kv;
    }

    /** The entries of a component, of those whose keys start with {@code prefix} when given. */
    public void kv(String... args) {
        kv(System.out, args);
    }

    void kv(PrintStream out, String... args) {
        if (java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            out.println("usage: " + USAGE);
            return;
        }
        if (args.length < 1 || args.length > 2) {
            out.println("error: usage: " + USAGE + " (" + (args.length < 1 ? "missing arguments" : "too many arguments") + ")");
            return;
        }
        if (!ComponentId.isValid(args[0])) {
            out.println("error: invalid component id '" + args[0] + "'; usage: " + USAGE);
            return;
        }
        ComponentId id = ComponentId.of(args[0]);
        try {
            List<KvStore.Entry> entries = kv.entries(id, args.length == 2 ? args[1] : "");
            long used = kv.used(id);
            for (KvStore.Entry e : entries) {
                out.println(show(e.key()) + "\t" + show(e.value()));
            }
            out.println(entries.size() + " entries, " + used + " of " + kv.quota(id) + " bytes");
        } catch (RuntimeException e) {
            // the store closed under the command (the bundle stopping) or failed reading
            out.println("error: cannot read the kv store of '" + id + "': " + (e.getMessage() != null ? e.getMessage() : e));
        }
    }

    /** {@code bytes} as text when that is unambiguous and printable, else as {@code 0x} hex. */
    static String show(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return hex(bytes);
        }
        if (text.startsWith("0x") || text.codePoints().anyMatch(KvCommands::control)) {
            return hex(bytes);
        }
        return text;
    }

    private static boolean control(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(2 + bytes.length * 2).append("0x");
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }
}
