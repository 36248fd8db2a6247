package dev.wharf.lattice.internal;

import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The jnats {@link Options} of a lattice connection: servers, authentication, TLS, threads. */
final class NatsOptions {

    private NatsOptions() {}

    /**
     * @param callbacks runs jnats' listener callbacks; {@code connector} its connect loop; both are
     *     the caller's to shut down (jnats does not)
     * @throws IllegalArgumentException naming the file or setting that cannot be used
     */
    static Options build(LatticeSettings s, ConnectionListener listener, ErrorListener errors, ExecutorService callbacks,
            ExecutorService connector) {
        Options.Builder b = Options.builder()
                .servers(s.servers().toArray(String[]::new))
                .connectionName("wharf-lattice-" + s.node()) // also the prefix of jnats' own thread names
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(s.reconnectWaitMs()))
                .connectionTimeout(Duration.ofSeconds(2))
                .pingInterval(Duration.ofSeconds(5))
                // a message sent while the connection is down is refused, not buffered for later
                .reconnectBufferSize(0)
                .reportNoResponders()
                .noEcho()
                .inboxPrefix(new Subjects(s.lattice()).replies(s.node()))
                .callbackExecutor(callbacks)
                .connectExecutor(connector)
                .connectionListener(listener)
                .errorListener(errors);
        if (!s.user().isEmpty()) {
            b.userInfo(s.user().toCharArray(), s.password().toCharArray());
        } else if (!s.token().isEmpty()) {
            b.token(s.token().toCharArray());
        } else if (!s.credentials().isEmpty()) {
            signing("credentials");
            b.authHandler(Nats.credentials(readable("credentials", s.credentials()).toString()));
        } else if (!s.nkey().isEmpty()) {
            signing("nkey");
            b.authHandler(Nats.staticCredentials(null, seed(s.nkey())));
        }
        if (s.tls() || !s.truststore().isEmpty() || !s.keystore().isEmpty()) {
            b.sslContext(tls(s));
        }
        return b.build();
    }

    /** NKey signatures are BouncyCastle's: without it the first connect would fail deep in jnats. */
    private static void signing(String property) {
        try {
            Class.forName("org.bouncycastle.crypto.signers.Ed25519Signer", false, NatsOptions.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(LatticeConfig.PID + ": " + property + " authentication signs with NKeys,"
                    + " which needs BouncyCastle: install the bundle org.bouncycastle:bcprov-lts8on 2.73 and refresh"
                    + " dev.wharf.lattice (wharf.jar and the wharf-lattice feature have it)");
        }
    }

    private static char[] seed(String file) {
        try {
            String text = Files.readString(readable("nkey", file), StandardCharsets.UTF_8).trim();
            if (!text.startsWith("SU")) {
                throw new IllegalArgumentException(LatticeConfig.PID + ": nkey: " + file
                        + " does not hold an NKey user seed (a line starting with SU)");
            }
            return text.toCharArray();
        } catch (IOException e) {
            throw new IllegalArgumentException(LatticeConfig.PID + ": nkey: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static SSLContext tls(LatticeSettings s) {
        try {
            TrustManagerFactory tmf = null;
            if (!s.truststore().isEmpty()) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load("tls-truststore", s.truststore(), s.truststorePassword()));
            }
            KeyManagerFactory kmf = null;
            if (!s.keystore().isEmpty()) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] pw = s.keystorePassword() == null ? new char[0] : s.keystorePassword().toCharArray();
                kmf.init(load("tls-keystore", s.keystore(), s.keystorePassword()), pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLSv1.2");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(LatticeConfig.PID + ": TLS cannot be set up: " + e.getMessage());
        }
    }

    private static KeyStore load(String property, String file, String password) {
        Path p = readable(property, file);
        char[] pw = password == null ? new char[0] : password.toCharArray();
        for (String type : new String[] {"PKCS12", "JKS"}) {
            try (InputStream in = Files.newInputStream(p)) {
                KeyStore ks = KeyStore.getInstance(type);
                ks.load(in, pw);
                return ks;
            } catch (IOException | GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException(LatticeConfig.PID + ": " + property + ": " + file
                + " is not a PKCS12 or JKS store that opens with the password given");
    }

    private static Path readable(String property, String file) {
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(LatticeConfig.PID + ": " + property + ": " + file + " cannot be read");
        }
        return p;
    }
}
