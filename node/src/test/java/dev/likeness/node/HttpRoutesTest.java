package dev.likeness.node;

import static dev.likeness.api.HttpTestClient.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.likeness.api.HttpTestClient;
import dev.likeness.api.HttpTestClient.Answer;
import dev.likeness.api.http.SearchParams;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.record.HashValue;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.indexer.store.ListedImage;
import dev.likeness.ingest.cli.ImportHashesCommand;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.testing.TestImages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every route of the API on a real node and broker, including each error it promises. */
@Tag("broker")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRoutesTest {
  private static final int LIMIT = 1 << 20; // a small upload limit so 413 is cheap to provoke
  private static final byte[] BRIDGE = TestImages.vector("bridge-mods_aaa-orig.jpg");
  private static final byte[] OTHER = TestImages.vector("pen-and-coaster.png");

  private Path tmp;
  private TestCluster cluster;
  private KRaftBroker broker;
  private HttpTestClient http;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    cluster = TestCluster.start(tmp);
    broker = cluster.broker;
    cluster.startNode(cluster.config("routes-test", LIMIT).toBuilder().searchThreads(1).build());
    http = cluster.http;
    assertThat(
            http.postMultipart(
                    "/images", BRIDGE, "bridge.jpg", Map.of("id", "bridge", "meta.owner", "ada"))
                .status())
        .isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/images/bridge").status() == 200);
  }

  /**
   * The API description: a valid OpenAPI 3.1 document, with exactly the routes the node serves, and
   * examples that fit their schemas.
   */
  @Test
  void theApiDescriptionDocumentsEveryRouteAndOnlyThem() {
    Answer answer = http.get("/openapi.json");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    JsonObject doc = new JsonObject(answer.text());
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIVersion version = OpenAPIVersion.fromContract(doc);
      assertThat(version).isEqualTo(OpenAPIVersion.V3_1);
      SchemaRepository schemas = version.getRepository(vertx, "app:///").await();
      // The validator and the resolver mark what they walk, examples too: they get copies.
      OutputUnit valid = version.validateContract(vertx, schemas, doc.copy()).await();
      assertThat(valid.getValid()).as("against the OpenAPI schema: %s", valid.getErrors()).isTrue();
      JsonObject resolved = version.resolve(vertx, schemas, doc.copy()).await();

      Set<String> documented = new TreeSet<>();
      int examples = 0;
      JsonObject paths = doc.getJsonObject("paths");
      for (String path : paths.fieldNames()) {
        JsonObject item = paths.getJsonObject(path);
        for (String method : List.of("get", "post", "put", "delete", "patch", "head")) {
          JsonObject op = item.getJsonObject(method);
          if (op == null) {
            continue;
          }
          documented.add(
              method.toUpperCase(Locale.ROOT) + " " + path.replaceAll("\\{([^}]+)}", ":$1"));
          JsonObject responses = op.getJsonObject("responses");
          for (String code : responses.fieldNames()) {
            JsonObject content =
                responses.getJsonObject(code).getJsonObject("content", new JsonObject());
            for (String type : content.fieldNames()) {
              Object example = example(doc, content.getJsonObject(type));
              if (example == null) {
                continue;
              }
              Object schema =
                  dig(
                      resolved,
                      "paths",
                      path,
                      method,
                      "responses",
                      code,
                      "content",
                      type,
                      "schema");
              assertThat(schema)
                  .as("resolved schema of %s %s %s %s", method, path, code, type)
                  .isInstanceOf(JsonObject.class);
              OutputUnit fits =
                  Validator.create(
                          JsonSchema.of((JsonObject) schema),
                          new JsonSchemaOptions()
                              .setDraft(Draft.DRAFT202012)
                              .setBaseUri("app:///")
                              .setOutputFormat(OutputFormat.Basic))
                      .validate(example);
              assertThat(fits.getValid())
                  .as("example of %s %s %s %s: %s", method, path, code, type, fits.getErrors())
                  .isTrue();
              examples++;
            }
          }
        }
      }
      // Peers' routes are not part of the public API; static files are not routes of their own.
      Set<String> served =
          cluster.node.api().routes().stream()
              .filter(r -> !r.method().equals("OPTIONS"))
              .filter(r -> !r.path().startsWith("/internal/"))
              .filter(r -> !r.prefix())
              .map(r -> r.method() + " " + r.path())
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(served).contains("GET /images", "POST /search", "GET /");
      assertThat(documented).isEqualTo(served);
      assertThat(examples).as("examples checked").isGreaterThanOrEqualTo(20);
    } finally {
      vertx.close();
    }
  }

  /** A response's example as written: its own, else its schema's, else its component's. */
  private static Object example(JsonObject doc, JsonObject media) {
    JsonObject schema = media.getJsonObject("schema");
    Object example = media.getValue("example", schema.getValue("example"));
    if (example == null && schema.containsKey("$ref")) {
      JsonObject component = doc;
      for (String part : schema.getString("$ref").substring(2).split("/")) {
        component = component.getJsonObject(part);
      }
      example = component.getValue("example");
    }
    return example;
  }

  /** The value at {@code keys} under {@code json}, or null where a step is not an object. */
  private static Object dig(JsonObject json, String... keys) {
    Object at = json;
    for (String key : keys) {
      if (!(at instanceof JsonObject o)) {
        return null;
      }
      at = o.getValue(key);
    }
    return at;
  }

  /**
   * {@code GET /images}: pages in the ids' order across both partitions, with a cursor that
   * survives deletes between pages (neither a gap nor a repeat).
   */
  @Test
  void theListingPagesInIdOrderAcrossPartitionsThroughDeletesBetweenPages() throws Exception {
    Set<Integer> partitions = new TreeSet<>();
    try (ImagePublisher publisher =
        new ImagePublisher(PublisherConfig.of(broker.bootstrapServers()))) {
      for (int i = 0; i < 9; i++) {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) (17 * i + 1));
        String value = HexFormat.of().formatHex(hash) + ",100";
        partitions.add(
            publisher
                .publish(
                    new ImageUpload(
                        "list-" + i,
                        value.getBytes(StandardCharsets.US_ASCII),
                        HashValue.CONTENT_TYPE,
                        "",
                        Map.of(),
                        System.currentTimeMillis()))
                .get()
                .partition());
      }
    }
    assertThat(partitions).as("the images are spread over both partitions").hasSize(2);
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/images/list-8").status() == 200);

    List<String> all = listing(1000);
    assertThat(all)
        .isSortedAccordingTo(ListedImage.ID_ORDER)
        .doesNotHaveDuplicates()
        .containsSubsequence("list-0", "list-1", "list-2", "list-3", "list-8");
    assertThat(listing(2)).as("small pages give the same listing").isEqualTo(all);

    // A page that ends at list-4; then list-4 (the cursor) and list-5 are deleted.
    int end = all.indexOf("list-4") + 1;
    JsonNode first = http.get("/images?limit=" + end).json();
    assertThat(ids(first)).isEqualTo(all.subList(0, end));
    for (String gone : new String[] {"list-4", "list-5"}) {
      assertThat(http.delete("/images/" + gone).status()).isEqualTo(202);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/images/" + gone).status() == 404);
    }
    JsonNode second = http.get("/images?limit=3&after=" + first.path("next").asText()).json();
    assertThat(ids(second)).isEqualTo(List.of("list-6", "list-7", "list-8"));

    assertError(http.get("/images?after=not*a*cursor"), 400, "cursor");
    assertError(http.get("/images?limit=0"), 400, "limit");
  }

  /** Every id of the listing, {@code limit} at a time; checks each page's size and cursor. */
  private List<String> listing(int limit) {
    List<String> ids = new ArrayList<>();
    String next = "";
    do {
      JsonNode page =
          http.get("/images?limit=" + limit + (next.isEmpty() ? "" : "&after=" + next)).json();
      assertThat(page.path("partial").asBoolean()).isFalse();
      List<String> onPage = ids(page);
      next = page.path("next").asText("");
      assertThat(onPage.size()).isLessThanOrEqualTo(limit);
      if (!next.isEmpty()) {
        assertThat(onPage).hasSize(limit);
      }
      ids.addAll(onPage);
    } while (!next.isEmpty());
    return ids;
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("images").forEach(i -> ids.add(i.path("id").asText()));
    return ids;
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void searchesRunOnTheirOwnPoolOfTheConfiguredSize() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        answers.add(clients.submit(() -> http.get("/search?id=bridge")));
      }
      for (Future<Answer> f : answers) {
        Answer a = f.get();
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.json().path("matches").path(0).path("id").asText()).isEqualTo("bridge");
      }
    } finally {
      clients.shutdownNow();
    }
    // The pool is named after the node's port, so other nodes in this JVM do not count.
    String pool = "likeness-search@" + cluster.node.httpPort() + "-";
    Set<String> ran =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith(pool))
            .map(Thread::getName)
            .collect(Collectors.toSet());
    assertThat(ran).as("threads of the search pool (--search-threads 1)").hasSize(1);
  }

  @Test
  void postSearchMultipartAndRawFindTheImage() {
    for (Answer a :
        new Answer[] {
          http.postMultipart("/search?k=5", BRIDGE, "q.jpg", Map.of()),
          http.postRaw("/search?k=5&threshold=10", BRIDGE, "image/jpeg")
        }) {
      assertThat(a.status()).as(a.text()).isEqualTo(200);
      JsonNode json = a.json();
      assertThat(json.path("query").path("pdq").asText()).hasSize(64);
      assertThat(json.path("query").path("quality").asInt()).isBetween(50, 100);
      JsonNode top = json.path("matches").path(0);
      assertThat(top.path("id").asText()).isEqualTo("bridge");
      assertThat(top.path("distance").asInt()).isZero();
      assertThat(top.path("similarity").asDouble()).isEqualTo(1.0);
      assertThat(top.path("form").asText()).isEqualTo("original");
      assertThat(top.path("width").asInt()).isPositive();
      assertThat(top.path("source").asText()).isEqualTo("bridge.jpg");
      assertThat(top.path("metadata").path("owner").asText()).isEqualTo("ada");
      assertThat(top.path("thumbnail").asText()).isEqualTo("/images/bridge/thumbnail");
      assertThat(json.path("partial").asBoolean()).isFalse();
      assertThat(json.has("tookMs")).isTrue();
    }
  }

  @Test
  void aRawBodyLabelledAsAFormIsRefusedWithWhatToSend() {
    // What `curl --data-binary @photo.jpg` sends without -H, and what any web page may send.
    assertError(
        http.postRaw("/search", BRIDGE, "application/x-www-form-urlencoded"),
        415,
        "Content-Type: application/octet-stream");
    Answer a = http.postRaw("/search", BRIDGE, "application/octet-stream");
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.json().path("matches").path(0).path("id").asText()).isEqualTo("bridge");
  }

  @Test
  void aMirroredCopyMatchesThroughItsDihedralForm() {
    BufferedImage img = TestImages.read(BRIDGE);
    BufferedImage mirrored =
        new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        mirrored.setRGB(img.getWidth() - 1 - x, y, img.getRGB(x, y));
      }
    }
    JsonNode matches =
        http.postRaw("/search", TestImages.jpeg(mirrored, 0.9f), "image/jpeg")
            .json()
            .path("matches");
    JsonNode bridge = null;
    for (JsonNode m : matches) {
      if (m.path("id").asText().equals("bridge")) {
        bridge = m;
      }
    }
    assertThat(bridge).as("bridge among %s", matches).isNotNull();
    assertThat(bridge.path("form").asText()).isEqualTo("flipY");
    assertThat(bridge.path("distance").asInt()).isLessThanOrEqualTo(10);
  }

  @Test
  void aCentreCropIsFoundThroughKeypointsWithItsRegion() {
    BufferedImage img = TestImages.read(BRIDGE);
    int w = img.getWidth();
    int h = img.getHeight();
    // The middle 70 % of each side: a whole-image hash cannot match this.
    BufferedImage crop =
        TestImages.crop(img, (int) (w * 0.15), (int) (h * 0.15), (int) (w * 0.7), (int) (h * 0.7));
    JsonNode answer = http.postRaw("/search?k=1", TestImages.jpeg(crop, 0.9f), "image/jpeg").json();
    assertThat(answer.path("query").path("keypoints").asInt()).isPositive();
    JsonNode top = answer.path("matches").path(0);
    assertThat(top.path("id").asText()).as(answer.toString()).isEqualTo("bridge");
    assertThat(top.path("path").asText()).isEqualTo("keypoints");
    assertThat(top.path("distance").asInt()).isLessThanOrEqualTo(SearchParams.DEFAULT_THRESHOLD);
    assertThat(top.path("transform").path("mirrored").asBoolean()).isFalse();
    assertThat(top.path("transform").path("rotationDegrees").asDouble()).isBetween(-2.0, 2.0);
    assertThat(top.path("transform").path("inliers").asInt()).isPositive();
    JsonNode region = top.path("region");
    assertThat(region.path("x").asDouble()).isBetween(0.12, 0.18);
    assertThat(region.path("y").asDouble()).isBetween(0.12, 0.18);
    assertThat(region.path("width").asDouble()).isBetween(0.64, 0.76);
    assertThat(region.path("height").asDouble()).isBetween(0.64, 0.76);
  }

  @Test
  void aCaptionedCopyIsFoundThroughTheBandsItLeaves() {
    BufferedImage img = TestImages.read(BRIDGE);
    int w = img.getWidth();
    int h = img.getHeight();
    BufferedImage captioned = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = captioned.createGraphics();
    g.drawImage(img, 0, 0, null);
    // White letters across the middle twelfth, as a caption lies over a picture.
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, h / 12));
    g.setColor(Color.WHITE);
    g.drawString("CAPTIONED COPY CAPTIONED COPY", w / 40, h / 2 + h / 30);
    g.dispose();
    JsonNode answer =
        http.postRaw("/search?k=1", TestImages.jpeg(captioned, 0.9f), "image/jpeg").json();
    JsonNode top = answer.path("matches").path(0);
    assertThat(top.path("id").asText()).as(answer.toString()).isEqualTo("bridge");
    assertThat(top.path("path").asText()).isEqualTo("bands");
    assertThat(top.path("form").asText()).isEqualTo("original");
    assertThat(top.path("distance").asInt())
        .isLessThan(top.path("wholeDistance").asInt(SearchParams.DEFAULT_THRESHOLD));
  }

  @Test
  void theCopiesCheckListsEveryLocalCopyWithItsLag() {
    Answer a = http.get("/health/copies");
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.json().path("status").asText()).isEqualTo("IN_SYNC");
    assertThat(a.json().path("maxLag").asLong()).isEqualTo(100);
    assertThat(a.json().path("copies")).isNotEmpty();
    a.json()
        .path("copies")
        .forEach(
            c -> {
              assertThat(c.path("kind").asText()).as("one node: no standbys").isEqualTo("active");
              assertThat(c.path("lag").asLong()).isBetween(0L, 100L);
            });
    assertError(http.get("/health/copies?max-lag=-1"), 400, "max-lag");
    assertError(http.get("/health/copies?max-lag=lots"), 400, "max-lag");
  }

  @Test
  void getSearchByIdFindsTheImageItself() {
    Answer a = http.get("/search?id=bridge&k=1");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("matches").path(0).path("id").asText()).isEqualTo("bridge");
    assertThat(a.json().path("queryId").asText()).isEqualTo("bridge");
  }

  @Test
  void getSearchByPdqHashFindsTheImage() {
    String hex = http.get("/images/bridge").json().path("pdq").asText();
    Answer a = http.get("/search?k=3&threshold=0&pdq=" + hex.toUpperCase());
    assertThat(a.status()).as(a.text()).isEqualTo(200);
    assertThat(a.json().path("matches").path(0).path("id").asText()).isEqualTo("bridge");
    assertThat(a.json().path("query").path("pdq").asText()).isEqualTo(hex);
  }

  @Test
  void searchErrorsSayWhatToFix() {
    assertError(http.postRaw("/search", new byte[0], "image/jpeg"), 400, "no image");
    assertError(http.postMultipart("/search", null, null, Map.of("x", "y")), 400, "image");
    assertError(
        http.postRaw("/search", "hello".getBytes(StandardCharsets.UTF_8), "text/plain"), 415, "");
    assertError(http.postRaw("/search", Arrays.copyOf(BRIDGE, 300), "image/jpeg"), 422, "");
    assertError(http.postRaw("/search?k=0", BRIDGE, "image/jpeg"), 400, "'k'");
    assertError(http.postRaw("/search?k=abc", BRIDGE, "image/jpeg"), 400, "integer");
    assertError(http.postRaw("/search?threshold=257", BRIDGE, "image/jpeg"), 400, "'threshold'");
    assertError(http.get("/search"), 400, "id");
    assertError(http.get("/search?id=bridge&pdq=00"), 400, "either");
    assertError(http.get("/search?pdq=xyz"), 400, "'pdq'");
    assertError(http.get("/search?id=nope"), 404, "nope");
    assertError(http.get("/search?id=bridge&k=1001"), 400, "'k'");
  }

  @Test
  void postImagesPublishesAndTheImageBecomesVisible() throws Exception {
    Answer a = http.postRaw("/images?id=dir/other.png&meta.kind=test", OTHER, "image/png");
    assertThat(a.status()).as(a.text()).isEqualTo(202);
    assertThat(a.json().path("id").asText()).isEqualTo("dir/other.png");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> http.get("/images/dir%2Fother.png").status() == 200);
    JsonNode meta = http.get("/images/dir%2Fother.png").json();
    assertThat(meta.path("format").asText()).isEqualTo("png");
    assertThat(meta.path("metadata").path("kind").asText()).isEqualTo("test");
    assertThat(meta.path("contentType").asText()).isEqualTo("image/png");

    Answer thumb = http.get("/images/dir%2Fother.png/thumbnail");
    assertThat(thumb.status()).isEqualTo(200);
    assertThat(thumb.contentType()).isEqualTo("image/jpeg");
    BufferedImage t = TestImages.read(thumb.body());
    assertThat(Math.max(t.getWidth(), t.getHeight())).isEqualTo(256);
  }

  @Test
  void postImagesWithoutAnIdUsesTheContentHash() throws Exception {
    byte[] png = TestImages.vector("labelme-subset_q2821.jpg");
    Answer a = http.postMultipart("/images", png, "q.jpg", Map.of());
    assertThat(a.status()).isEqualTo(202);
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
    assertThat(a.json().path("id").asText()).isEqualTo(expected);
  }

  @Test
  void postImagesErrors() {
    assertError(http.postMultipart("/images", null, null, Map.of("id", "x")), 400, "no image");
    assertError(
        http.postRaw("/images?id=x", "GIF? no".getBytes(StandardCharsets.UTF_8), "image/gif"),
        415,
        "not an image");
    byte[] huge = Arrays.copyOf(BRIDGE, LIMIT + 200_000);
    assertError(http.postRaw("/images?id=huge", huge, "image/jpeg"), 413, "");
    assertError(http.postRaw("/images?id=" + "x".repeat(300), BRIDGE, "image/jpeg"), 400, "256");
    assertError(
        http.postMultipart("/images", BRIDGE, "b.jpg", Map.of("id", "bad\u0001id")),
        400,
        "control");
  }

  @Test
  void deleteRemovesAnImage() {
    assertThat(http.postRaw("/images?id=temp", OTHER, "image/png").status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/images/temp").status() == 200);
    Answer d = http.delete("/images/temp");
    assertThat(d.status()).isEqualTo(202);
    assertThat(d.json().path("status").asText()).isEqualTo("deleted");
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/images/temp").status() == 404);
    assertError(http.get("/images/temp/thumbnail"), 404, "temp");
  }

  @Test
  void unknownImagesAndRoutesAre404Json() {
    assertError(http.get("/images/never-seen"), 404, "never-seen");
    assertError(http.get("/no/such/route"), 404, "route");
  }

  @Test
  void healthReportsTheStreamAndIndex() {
    Answer a = http.get("/health");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().path("status").asText()).isEqualTo("UP");
    assertThat(a.json().path("streams").asText()).isEqualTo("RUNNING");
    assertThat(a.json().path("indexedLocally").asLong()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void importedHashesAreSearchableWithoutTheirImages(@TempDir Path dir) throws Exception {
    // The reference PDQ hash of the bridge photo, and an unrelated one.
    String bridgeHex = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    Path list = dir.resolve("known.csv");
    Files.writeString(
        list,
        "hash,id,quality,list\n"
            + bridgeHex
            + ",known/bridge,100,ncmec-test\n"
            + "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064,known/other,90,ncmec-test\nnot a hash,x\n");
    StringWriter out = new StringWriter();
    picocli.CommandLine cli = new picocli.CommandLine(new ImportHashesCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(out));
    int exit = cli.execute("--bootstrap-servers", broker.bootstrapServers(), list.toString());
    assertThat(exit).as(out.toString()).isEqualTo(1);
    assertThat(out.toString()).contains("imported 2 hashes, 1 problems").contains("known.csv:4");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> http.get("/images/known%2Fbridge").status() == 200);
    JsonNode meta = http.get("/images/known%2Fbridge").json();
    assertThat(meta.path("format").asText()).isEqualTo("pdq");
    assertThat(meta.path("metadata").path("list").asText()).isEqualTo("ncmec-test");
    assertThat(meta.has("thumbnail")).isFalse();
    JsonNode matches = http.postRaw("/search?k=10", BRIDGE, "image/jpeg").json().path("matches");
    List<String> ids = new ArrayList<>();
    matches.forEach(m -> ids.add(m.path("id").asText()));
    assertThat(ids).contains("known/bridge", "bridge").doesNotContain("known/other");
    assertThat(
            http.get("/search?id=known%2Fbridge&k=10")
                .json()
                .path("matches")
                .path(0)
                .path("distance")
                .asInt())
        .isZero();
  }
}
