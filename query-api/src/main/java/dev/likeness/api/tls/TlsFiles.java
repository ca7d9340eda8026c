package dev.likeness.api.tls;

import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The PEM files of the API's TLS: this node's certificate (chain) and private key, and the
 * certificates it trusts when it calls its peers over https. Without a trust file a node trusts the
 * certificate it serves itself: right for a cluster sharing one certificate (or one signed by the
 * same CA, given as the trust file), and host names are verified either way.
 */
public record TlsFiles(Path cert, Path key, Optional<Path> trust) {
  /** Checks that the files exist, so a typo fails at start-up rather than at the first call. */
  public TlsFiles {
    requireFile(cert, "--tls-cert");
    requireFile(key, "--tls-key");
    trust.ifPresent(t -> requireFile(t, "--tls-trust"));
  }

  private static void requireFile(Path file, String flag) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(flag + " " + file.toAbsolutePath() + ": no readable file");
    }
  }

  /** The server's certificate and key. */
  public PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().addCertPath(cert.toString()).addKeyPath(key.toString());
  }

  /** What peers' certificates are checked against: the trust file, else this node's own cert. */
  public PemTrustOptions peerTrust() {
    return new PemTrustOptions().addCertPath(trust.orElse(cert).toString());
  }
}
