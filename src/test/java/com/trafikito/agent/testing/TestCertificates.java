package com.trafikito.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A self-signed certificate for {@code 127.0.0.1} made with the JDK's keytool: the server's key store, the
 * certificate as PEM (a corporate CA file, say) and a PKCS12 trust store holding it.
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates create() {
        try {
            TestCertificates certs = new TestCertificates(Files.createTempDirectory("trafikito-tls-"));
            certs.keytool("-genkeypair", "-alias", "api", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                    "-keystore", certs.serverKeyStore().toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            certs.keytool("-exportcert", "-rfc", "-alias", "api", "-keystore", certs.serverKeyStore().toString(),
                    "-storepass", PASSWORD, "-file", certs.caPem().toString());
            certs.keytool("-importcert", "-noprompt", "-alias", "api", "-file", certs.caPem().toString(),
                    "-keystore", certs.trustStore().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
            return certs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path serverKeyStore() {
        return dir.resolve("server.p12");
    }

    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path trustStore() {
        return dir.resolve("trust.p12");
    }

    private void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
