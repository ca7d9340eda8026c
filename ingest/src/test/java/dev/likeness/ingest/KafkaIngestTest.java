package dev.likeness.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.config.ConfigResolver;
import dev.likeness.contract.record.ImageHeaders;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.contract.record.MetadataLimits;
import dev.likeness.contract.record.PublishResult;
import dev.likeness.contract.record.Topics;
import dev.likeness.ingest.cli.DeleteCommand;
import dev.likeness.ingest.cli.ImportHashesCommand;
import dev.likeness.ingest.cli.IngestCommand;
import dev.likeness.ingest.files.IdStrategy;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.ingest.topics.TopicLayout;
import dev.likeness.ingest.topics.TopicSetup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The producer side against a real in-process KRaft broker: no mocks. */
@Tag("broker")
class KafkaIngestTest {
  private static final Path SAMPLES =
      Path.of("..", "core", "src", "test", "resources", "pdq-vectors", "images");

  @TempDir static Path brokerDir;
  @TempDir Path dir;

  private static KRaftBroker broker;
  private static Admin admin;

  @BeforeAll
  static void startBroker() {
    broker = KRaftBroker.start(KRaftBroker.Settings.defaults(brokerDir));
    admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    new TopicSetup(admin).ensure(TopicLayout.defaults());
  }

  @AfterAll
  static void stopBroker() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void topicsExistWithTheContractConfigsAndSetupIsIdempotent() throws Exception {
    assertThat(new TopicSetup(admin).ensure(TopicLayout.defaults())).isEmpty();
    // A different partition count on an existing topic only warns.
    assertThat(new TopicSetup(admin).ensure(new TopicLayout(5, 0, 1 << 20))).isEmpty();

    var descriptions =
        admin.describeTopics(List.of(Topics.IMAGES, Topics.REJECTED)).allTopicNames().get();
    assertThat(descriptions.values())
        .allSatisfy(
            d -> {
              assertThat(d.partitions()).hasSize(TopicLayout.DEFAULT_PARTITIONS);
              assertThat(d.partitions().get(0).replicas()).hasSize(1); // min(3, 1 broker)
            });

    Config images = config(Topics.IMAGES);
    assertThat(images.get("cleanup.policy").value()).isEqualTo("compact");
    assertThat(images.get("retention.ms").value()).isEqualTo("-1");
    assertThat(images.get("max.message.bytes").value()).isEqualTo(String.valueOf(17 << 20));
    assertThat(images.get("min.compaction.lag.ms").value()).isEqualTo("0");
    assertThat(admin.listTopics().names().get())
        .as("features live in the store's changelog only")
        .doesNotContain("likeness.features");
    Config rejected = config(Topics.REJECTED);
    assertThat(rejected.get("cleanup.policy").value()).isEqualTo("delete");
    assertThat(rejected.get("retention.ms").value())
        .isEqualTo(String.valueOf(30L * 24 * 3600 * 1000));
  }

  @Test
  void ingestsImagesWithContractHeadersAndRefusesJunkLocally() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("album"));
    List<Path> originals = copySamples(folder.resolve("run1"), 5);
    Files.writeString(folder.resolve("run1/notes.jpg"), "I am text, not a JPEG");

    IngestReport report;
    try (ImagePublisher publisher = publisher()) {
      report =
          new Ingester()
              .ingest(
                  List.of(folder),
                  IngestOptions.defaults().withMetadata(Map.of("album", "holiday", "owner", "ann")),
                  publisher,
                  ProgressListener.NONE);
    }

    assertThat(report.published()).isEqualTo(5);
    assertThat(report.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path().getFileName().toString()).isEqualTo("notes.jpg");
              assertThat(f.reason()).contains("not an image");
            });
    assertThat(report.bytes()).isEqualTo(totalSize(originals));

    Map<String, ConsumerRecord<String, byte[]>> records =
        readImages(r -> r.key().startsWith("run1/"), 5);
    assertThat(records).hasSize(5);
    for (Path original : originals) {
      String id = "run1/" + original.getFileName();
      ConsumerRecord<String, byte[]> r = records.get(id);
      assertThat(r).as(id).isNotNull();
      assertThat(r.value()).isEqualTo(Files.readAllBytes(original));
      assertThat(ImageHeaders.get(r.headers(), ImageHeaders.CONTENT_TYPE)).isEqualTo("image/jpeg");
      assertThat(ImageHeaders.get(r.headers(), ImageHeaders.SOURCE)).isEqualTo(id);
      assertThat(ImageHeaders.uploadedAt(r.headers(), -1))
          .isCloseTo(System.currentTimeMillis(), Offset.offset(120_000L));
      assertThat(ImageHeaders.metadata(r.headers()))
          .containsExactlyInAnyOrderEntriesOf(Map.of("album", "holiday", "owner", "ann"));
    }
  }

  @Test
  void sameContentUnderSha256IsSentOnce() throws Exception {
    List<Path> copied = copySamples(dir.resolve("a"), 1);
    Files.copy(copied.get(0), dir.resolve("a/again.jpg"));

    IngestReport report;
    try (ImagePublisher publisher = publisher()) {
      report =
          new Ingester()
              .ingest(
                  List.of(dir.resolve("a")),
                  IngestOptions.defaults().withIdStrategy(IdStrategy.SHA256),
                  publisher,
                  ProgressListener.NONE);
    }
    assertThat(report.published()).isEqualTo(1);
    assertThat(report.skipped()).isEqualTo(1);
    assertThat(report.failures()).isEmpty();
  }

  @Test
  void tooLargeImagesFailWithoutBeingSent() throws Exception {
    copySamples(dir.resolve("big"), 2);
    IngestReport report;
    try (ImagePublisher publisher = publisher()) {
      report =
          new Ingester()
              .ingest(
                  List.of(dir.resolve("big")),
                  new IngestOptions(
                      IdStrategy.PATH, Map.of(), 100, 4, IngestOptions.DEFAULT_BROKER_TIMEOUT),
                  publisher,
                  ProgressListener.NONE);
    }
    assertThat(report.published()).isZero();
    assertThat(report.failures())
        .hasSize(2)
        .allSatisfy(f -> assertThat(f.reason()).contains("the limit is 100"));
  }

  @Test
  void deletePublishesATombstone() throws Exception {
    PublishResult result;
    try (ImagePublisher publisher = publisher()) {
      publisher
          .publish(
              ImageUpload.of(
                  "to-delete",
                  Files.readAllBytes(copySamples(dir, 1).get(0)),
                  "image/jpeg",
                  "x.jpg"))
          .get();
      result = publisher.delete("to-delete").get();
    }
    assertThat(result.id()).isEqualTo("to-delete");

    Map<String, ConsumerRecord<String, byte[]>> latest =
        readImages(r -> r.key().equals("to-delete") && r.value() == null, 1);
    assertThat(latest.get("to-delete").value()).isNull();
    assertThat(latest.get("to-delete").offset()).isEqualTo(result.offset());
  }

  @Test
  void ingestCommandExitsOneAndListsFailures() throws Exception {
    Path folder = dir.resolve("cmd");
    copySamples(folder.resolve("cmdrun"), 2);
    Files.writeString(folder.resolve("cmdrun/bad.png"), "not a png");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        command(new IngestCommand(), out, err)
            .execute(
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--meta",
                "k=v",
                folder.toString());

    assertThat(code).as("stdout %s%nstderr %s", out, err).isEqualTo(1);
    assertThat(out.toString()).contains("published 2, failed 1");
    assertThat(err.toString())
        .contains("bad.png: not an image")
        .contains("3/3 img", "1 failed"); // the ASCII progress line, sparse without a terminal
    assertThat(readImages(r -> r.key().startsWith("cmdrun/"), 2)).hasSize(2);
  }

  @Test
  void ingestCommandExitsZeroWhenAllPublished() throws Exception {
    List<Path> one = copySamples(dir.resolve("ok"), 1);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        command(new IngestCommand(), out, err)
            .execute(
                "--bootstrap-servers", broker.bootstrapServers(), "--quiet", one.get(0).toString());

    assertThat(code).as("stderr %s", err).isZero();
    assertThat(out.toString()).contains("published 1, failed 0");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void importHashesReportsAnEntryOverAMetadataLimitAndPublishesTheOthers() throws Exception {
    String hex = "f".repeat(64);
    Path list =
        Files.writeString(
            dir.resolve("list.csv"),
            String.join(
                "\n",
                "hash,id,note",
                hex + ",limits-ok,short",
                hex + ",limits-too-big," + "n".repeat(MetadataLimits.MAX_VALUE_BYTES + 1),
                hex + ",limits-after,fine",
                ""));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        command(new ImportHashesCommand(), out, err)
            .execute("--bootstrap-servers", broker.bootstrapServers(), list.toString());

    assertThat(code).as("stdout %s%nstderr %s", out, err).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            list
                + ":3: metadata value of 'note' is 4097 bytes;"
                + " the limit is "
                + MetadataLimits.MAX_VALUE_BYTES);
    assertThat(out.toString()).contains("imported 2 hashes, 1 problems");
    assertThat(readImages(r -> r.key().equals("limits-ok") || r.key().equals("limits-after"), 2))
        .containsOnlyKeys("limits-ok", "limits-after");
  }

  @Test
  void deleteCommandPrintsWhatItDeleted() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        command(new DeleteCommand(), out, err)
            .execute("--bootstrap-servers", broker.bootstrapServers(), "gone-1", "gone-2");

    assertThat(code).as("stderr %s", err).isZero();
    assertThat(out.toString()).contains("deleted gone-1 (partition").contains("deleted gone-2");
  }

  private static CommandLine command(Object command, StringWriter out, StringWriter err) {
    CommandLine cl =
        new CommandLine(command)
            .setDefaultValueProvider(
                new SettingsDefaultProvider(new ConfigResolver(Map.of(), null)));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }

  private static ImagePublisher publisher() {
    return new ImagePublisher(PublisherConfig.of(broker.bootstrapServers()));
  }

  private static Config config(String topic) throws Exception {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(r)).all().get().get(r);
  }

  private static List<Path> copySamples(Path target, int count) throws IOException {
    Files.createDirectories(target);
    List<Path> copied = new ArrayList<>();
    try (Stream<Path> files = Files.list(SAMPLES)) {
      for (Path sample :
          files.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(count).toList()) {
        copied.add(Files.copy(sample, target.resolve(sample.getFileName())));
      }
    }
    assertThat(copied).hasSize(count);
    return copied;
  }

  private static long totalSize(List<Path> files) throws IOException {
    long n = 0;
    for (Path f : files) {
      n += Files.size(f);
    }
    return n;
  }

  /**
   * Reads the images topic from the start until {@code count} matching keys are seen (last value
   * wins).
   */
  private static Map<String, ConsumerRecord<String, byte[]>> readImages(
      Predicate<ConsumerRecord<String, byte[]>> wanted, int count) {
    Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
    try (ImagesTopicFromStart topic = new ImagesTopicFromStart(broker.bootstrapServers())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (found.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : topic.consumer.poll(Duration.ofMillis(200))) {
          if (wanted.test(r)) {
            found.put(r.key(), r);
          }
        }
      }
    }
    return found;
  }
}
