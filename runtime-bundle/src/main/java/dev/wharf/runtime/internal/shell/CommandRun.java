package dev.wharf.runtime.internal.shell;

import java.util.concurrent.CompletionException;

/**
 * How every {@code wasm:} command runs: {@code --help} prints its usage line, {@code --json} its
 * output as JSON, a wrong number of arguments and any failure one line starting with
 * {@code error:} that names the cause and the usage.
 */
final class CommandRun {

    private CommandRun() {}

    /** A command's work, on its arguments (without {@code --json}). */
    @FunctionalInterface
    interface Command {
        ShellOutput run(String[] a);
    }

    static void run(String usage, String[] args, int min, int max, Command command) {
        run(usage, args, min, max, command, null);
    }

    /** Checks the argument count, runs {@code command} and prints what it answers or why it failed. */
    static void run(String usage, String[] args, int min, int max, Command command,
            String whatIsMissing) {
        // --help (or -h) anywhere: the usage, not an error; --json: the output as JSON
        if (java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
            System.out.println("usage: " + usage + " [--json]");
            return;
        }
        boolean json = java.util.Arrays.asList(args).contains("--json");
        if (json) {
            args = java.util.Arrays.stream(args).filter(a -> !a.equals("--json")).toArray(String[]::new);
        }
        try {
            if (args.length < min || args.length > max) {
                throw new ShellOutput.UsageException(args.length < min && args.length > 0 && whatIsMissing != null ? whatIsMissing
                        : args.length < min ? "missing arguments" : "too many arguments");
            }
            ShellOutput output = command.run(args);
            if (json) {
                ShellOutput.printJson(System.out, output);
            } else {
                ShellOutput.print(System.out, output);
            }
        } catch (RuntimeException e) {
            ShellOutput.printError(System.out, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e,
                    usage);
        }
    }
}
