package dev.wharf.itest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** Runs Gogo commands the way a piped shell does, and returns what they printed. */
final class Shell {

    private final CommandProcessor processor;

    Shell(CommandProcessor processor) {
        this.processor = processor;
    }

    String run(String command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), o, e);
            try {
                // like the console, print what a command returns (Gogo's own commands, such as help)
                Object result = session.execute(command);
                if (result != null) {
                    o.println(session.format(result, org.apache.felix.service.command.Converter.INSPECT));
                }
            } catch (Exception ex) {
                e.println("exception: " + ex);
            } finally {
                session.close();
            }
        }
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
}
