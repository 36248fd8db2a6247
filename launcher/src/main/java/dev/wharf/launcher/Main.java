package dev.wharf.launcher;

/**
 * The main class of {@code wharf.jar}: runs the container in the working directory (its state in
 * {@code wharf-data/}) until it stops.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status;
        Launcher launcher = null;
        try {
            launcher = new Launcher(LaunchPlan.read(Main.class.getClassLoader()), Main.class.getClassLoader(), System.err);
            status = launcher.run();
        } catch (LaunchException e) {
            System.err.println("wharf: " + e.getMessage());
            status = 1;
        }
        if (launcher == null || !launcher.jvmExiting()) {
            // the process's exit status is the launcher's to give, and a thread of a third-party
            // bundle that outlives its framework must not keep the process alive: the one exit in Wharf
            System.exit(status);
        }
    }
}
