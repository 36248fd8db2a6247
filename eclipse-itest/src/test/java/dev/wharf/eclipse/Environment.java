package dev.wharf.eclipse;

import java.util.Locale;

/** The p2 environment (os, window system, architecture) of the JVM running the test. */
record Environment(String os, String ws, String arch) {

    static Environment current() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> System.getProperty("os.arch");
        };
        if (name.startsWith("mac")) {
            return new Environment("macosx", "cocoa", arch);
        }
        if (name.startsWith("windows")) {
            return new Environment("win32", "win32", arch);
        }
        return new Environment("linux", "gtk", arch);
    }

    /** As the product publisher's {@code -configs} names it: {@code ws.os.arch}. */
    String configs() {
        return ws + "." + os + "." + arch;
    }
}
