package dev.wharf.lattice.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import org.junit.jupiter.api.Test;

class LatticeSettingsTest {

    /** A configuration with the defaults but for what a test sets. */
    static class Config implements LatticeConfig {
        String[] servers = {"nats://127.0.0.1:4222"};
        String lattice = "default";
        String node = "";
        String user = "";
        String password = "";
        String token = "";
        long heartbeat = 500;
        long timeout = 2000;

        @Override public Class<? extends Annotation> annotationType() { return LatticeConfig.class; }
        @Override public String[] servers() { return servers; }
        @Override public String lattice() { return lattice; }
        @Override public String node() { return node; }
        @Override public String user() { return user; }
        @Override public String password() { return password; }
        @Override public String token() { return token; }
        @Override public String credentials() { return ""; }
        @Override public String nkey() { return ""; }
        @Override public boolean tls() { return false; }
        @Override public String tls$_$truststore() { return ""; }
        @Override public String tls$_$truststore$_$password() { return ""; }
        @Override public String tls$_$keystore() { return ""; }
        @Override public String tls$_$keystore$_$password() { return ""; }
        @Override public long heartbeat$_$ms() { return heartbeat; }
        @Override public long node$_$timeout$_$ms() { return timeout; }
        @Override public int max$_$pending$_$asks() { return 10_000; }
        @Override public long reconnect$_$wait$_$ms() { return 250; }
    }

    @Test
    void defaultsWork() {
        LatticeSettings s = LatticeSettings.of(new Config());
        assertThat(s.servers()).containsExactly("nats://127.0.0.1:4222");
        assertThat(s.node()).matches("[a-z0-9_-]+-\\d+");
    }

    @Test
    void commaSeparatedServersAreSplit() {
        Config c = new Config();
        c.servers = new String[] {"nats://a:4222, tls://b:4443", "c:4222"};
        assertThat(LatticeSettings.of(c).servers()).containsExactly("nats://a:4222", "tls://b:4443", "c:4222");
    }

    @Test
    void mistakesNameTheProperty() {
        Config c = new Config();
        c.node = "node.a";
        assertThatThrownBy(() -> LatticeSettings.of(c)).hasMessageContaining("node 'node.a' is not a valid name");
        Config d = new Config();
        d.servers = new String[] {"http://x:1"};
        assertThatThrownBy(() -> LatticeSettings.of(d)).hasMessageContaining("servers: 'http://x:1' is not a NATS server URL");
        Config e = new Config();
        e.user = "wharf";
        assertThatThrownBy(() -> LatticeSettings.of(e)).hasMessageContaining("user is set but password is empty");
        Config f = new Config();
        f.user = "wharf";
        f.password = "p";
        f.token = "t";
        assertThatThrownBy(() -> LatticeSettings.of(f)).hasMessageContaining("set one way to authenticate");
        Config g = new Config();
        g.timeout = 600;
        assertThatThrownBy(() -> LatticeSettings.of(g)).hasMessageContaining("node-timeout-ms (600) must be at least twice");
        Config h = new Config();
        h.servers = new String[] {" "};
        assertThatThrownBy(() -> LatticeSettings.of(h)).hasMessageContaining("servers is empty");
    }
}
