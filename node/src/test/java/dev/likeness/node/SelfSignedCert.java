package dev.likeness.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, as PEM files: made by the JDK's keytool
 * (no library on the test path makes certificates), then written out as PEM here.
 */
record SelfSignedCert(Path cert, Path key) {
  static SelfSignedCert create(Path dir) throws Exception {
    Files.createDirectories(dir);
    Path store = dir.resolve("node.p12");
    String password = "changeit";
    Process keytool =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair",
                    "-alias",
                    "node",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "2",
                    "-dname",
                    "CN=likeness-test",
                    "-ext",
                    "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    password))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, password.toCharArray());
    }
    Certificate cert = ks.getCertificate("node");
    PrivateKey key = (PrivateKey) ks.getKey("node", password.toCharArray());
    Path certPem = dir.resolve("node.crt");
    Path keyPem = dir.resolve("node.key");
    Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
    // getEncoded() of a private key is PKCS#8: "PRIVATE KEY".
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
    return new SelfSignedCert(certPem, keyPem);
  }

  private static String pem(String type, byte[] der) throws IOException {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
