package dev.wharf.lattice.internal;

import dev.wharf.internal.config.ConfigCheck;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checked, immutable form of {@link LatticeConfig}. Every mistake is named with the property
 * it is in, so the log line of a configuration that cannot work says what to fix.
 */
record LatticeSettings(List<String> servers, String lattice, String node, String user, String password, String token,
        String credentials, String nkey, boolean tls, String truststore, String truststorePassword, String keystore,
        String keystorePassword, long heartbeatMs, long nodeTimeoutMs, int maxPendingAsks, long reconnectWaitMs) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    LatticeSettings {
        servers = List.copyOf(servers);
    }

    /**
     * @throws IllegalArgumentException naming the property that is wrong and why
     */
    static LatticeSettings of(LatticeConfig c) {
        List<String> servers = new ArrayList<>();
        for (String s : c.servers() == null ? new String[0] : c.servers()) {
            for (String part : s.split(",")) {
                String url = part.trim();
                if (url.isEmpty()) {
                    continue;
                }
                try {
                    URI uri = URI.create(url.contains("://") ? url : "nats://" + url);
                    if (uri.getHost() == null || !List.of("nats", "tls", "ws", "wss").contains(uri.getScheme())) {
                        throw new IllegalArgumentException();
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(LatticeConfig.PID + ": servers: '" + url
                            + "' is not a NATS server URL (expected nats://host:port or tls://host:port)");
                }
                servers.add(url);
            }
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException(LatticeConfig.PID + ": servers is empty; name at least one NATS server");
        }
        String lattice = name("lattice", c.lattice());
        String node = c.node() == null || c.node().isBlank() ? defaultNode() : name("node", c.node().trim());
        if (!blank(c.user()) && blank(c.password())) {
            throw new IllegalArgumentException(LatticeConfig.PID + ": user is set but password is empty");
        }
        int auth = (blank(c.user()) ? 0 : 1) + (blank(c.token()) ? 0 : 1) + (blank(c.credentials()) ? 0 : 1)
                + (blank(c.nkey()) ? 0 : 1);
        if (auth > 1) {
            throw new IllegalArgumentException(LatticeConfig.PID
                    + ": set one way to authenticate: user+password, token, credentials or nkey");
        }
        if (c.heartbeat$_$ms() < 50) {
            throw new IllegalArgumentException(LatticeConfig.PID + ": heartbeat-ms must be at least 50");
        }
        if (c.node$_$timeout$_$ms() < 2 * c.heartbeat$_$ms()) {
            throw new IllegalArgumentException(LatticeConfig.PID + ": node-timeout-ms (" + c.node$_$timeout$_$ms()
                    + ") must be at least twice heartbeat-ms (" + c.heartbeat$_$ms() + ")");
        }
        return new LatticeSettings(servers, lattice, node, trim(c.user()), c.password(), c.token(), trim(c.credentials()),
                trim(c.nkey()), c.tls(), trim(c.tls$_$truststore()), c.tls$_$truststore$_$password(),
                trim(c.tls$_$keystore()), c.tls$_$keystore$_$password(), c.heartbeat$_$ms(), c.node$_$timeout$_$ms(),
                new ConfigCheck(LatticeConfig.PID).atLeast("max-pending-asks", c.max$_$pending$_$asks(), 1),
                new ConfigCheck(LatticeConfig.PID).atLeast("reconnect-wait-ms", c.reconnect$_$wait$_$ms(), 10));
    }

    private static String name(String property, String value) {
        String v = value == null ? "" : value.trim();
        if (!NAME.matcher(v).matches()) {
            throw new IllegalArgumentException(LatticeConfig.PID + ": " + property + " '" + v
                    + "' is not a valid name: use 1 to 64 of A-Z a-z 0-9 _ -");
        }
        return v;
    }

    /** {@code <host name>-<process id>}, reduced to the characters a subject token may hold. */
    private static String defaultNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        host = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        String suffix = "-" + ProcessHandle.current().pid();
        return host.substring(0, Math.min(host.length(), 64 - suffix.length())) + suffix;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }
}
