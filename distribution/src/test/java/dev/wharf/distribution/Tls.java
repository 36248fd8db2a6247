package dev.wharf.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;

/**
 * A self-signed certificate for a TLS nats-server on 127.0.0.1, made with the JDK's keytool: the
 * server's certificate and key as PEM files (what nats-server reads) and a PKCS12 trust store
 * holding the certificate (what a Wharf node's {@code tls-truststore} names).
 */
final class Tls {

    static final String PASSWORD = "changeit";

    private Tls() {}

    /**
     * Writes {@code server.pem}, {@code server-key.pem} and {@code trust.p12} into {@code dir}.
     *
     * @return the trust store
     */
    static Path serverCertificate(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path keys = dir.resolve("server.p12");
        Path cert = dir.resolve("server.pem");
        Path trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "nats", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "nats", "-keystore", keys.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "nats", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey("nats", PASSWORD.toCharArray());
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(dir.resolve("server-key.pem"), pem);
        return trust;
    }

    /**
     * A self-signed client certificate for mutual TLS: {@code client.p12} (key and certificate,
     * what a node's {@code tls-keystore} names) and {@code client.pem} (what the server trusts).
     *
     * @return the key store
     */
    static Path clientCertificate(Path dir) throws IOException, InterruptedException {
        Path keys = dir.resolve("client.p12");
        keytool("-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=wharf-node",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "node", "-keystore", keys.toString(), "-storepass", PASSWORD,
                "-file", dir.resolve("client.pem").toString());
        return keys;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
