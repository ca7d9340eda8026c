package dev.likeness.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.tls.TlsFiles;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes serving https with one self-signed certificate: clients that trust it search them, and
 * the nodes call each other over https (a node only answers https, so a search that finds images of
 * both partitions went through it).
 */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsIntegrationTest {
  private static final int IMAGES = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodePair pair;
  private HttpClient https;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    SelfSignedCert cert = SelfSignedCert.create(tmp.resolve("tls"));
    TlsFiles tls = new TlsFiles(cert.cert(), cert.key(), Optional.empty());
    pair =
        NodePair.start(
            tmp,
            "tls-test",
            IMAGES,
            a -> a.clusterSecret(TestCluster.SECRET).tls(tls),
            b -> b.clusterSecret(TestCluster.SECRET).tls(tls));
    https =
        HttpClient.newBuilder()
            .sslContext(trusting(cert.cert()))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  void stop() {
    if (pair != null) {
      pair.close();
    }
  }

  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      trust.setCertificateEntry(
          "node", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  @Test
  void searchesOverHttpsFindImagesOfBothNodes() throws Exception {
    assertThat(pair.a.baseUrl()).startsWith("https://");
    for (Path photo : pair.photos) {
      String id = photo.getFileName().toString();
      HttpResponse<byte[]> response =
          https.send(
              HttpRequest.newBuilder(URI.create(pair.a.baseUrl() + "/search?k=1"))
                  .header("content-type", "image/jpeg")
                  .POST(HttpRequest.BodyPublishers.ofFile(photo))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      JsonNode answer = JSON.readTree(response.body());
      assertThat(response.statusCode()).as(answer.toString()).isEqualTo(200);
      assertThat(answer.path("partial").asBoolean()).as(answer.toString()).isFalse();
      assertThat(answer.path("matches").path(0).path("id").asText()).isEqualTo(id);
    }
    assertThat(pair.photos).anyMatch(p -> NodePair.holds(pair.b, p.getFileName().toString()));
  }

  @Test
  void plainHttpAndUntrustingClientsGetNoAnswer() {
    String port = ":" + pair.a.httpPort();
    assertThatThrownBy(() -> new HttpTestClient("http://127.0.0.1" + port).get("/health"))
        .isInstanceOf(AssertionError.class);
    // The default trust store does not know a self-signed certificate.
    assertThatThrownBy(() -> new HttpTestClient("https://127.0.0.1" + port).get("/health"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("request failed");
  }
}
