package dev.likeness.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.config.ConfigResolver;
import dev.likeness.contract.record.PublishResult;
import dev.likeness.ingest.cli.IngestCommand;
import dev.likeness.ingest.files.ImageFile;
import dev.likeness.ingest.publish.BrokerWatch;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Ingest while the broker goes away (issue 19, defect 7), against a real in-process KRaft broker
 * that each test stops, and one restarts on the same port and data.
 */
@Tag("broker")
class BrokerOutageIngestTest {
  private static final Path SAMPLE =
      Path.of(
          "..", "core", "src", "test", "resources", "pdq-vectors", "images", "bridge-exif-2.jpg");

  /** Far below the 30 s that each file waited before the fix, far above the bounds used here. */
  private static final Duration GENEROUS = Duration.ofSeconds(60);

  @TempDir Path brokerDir;
  @TempDir Path dir;

  private KRaftBroker broker;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void startBroker() {
    broker = KRaftBroker.start(KRaftBroker.Settings.defaults(brokerDir));
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      new TopicSetup(admin).ensure(TopicLayout.defaults());
    }
  }

  @AfterEach
  void stopBroker() {
    root().detachAppender(logs);
    broker.close();
  }

  @Test
  void stopsSoonAfterTheTimeoutAndReportsEveryFileNotSentWhenKafkaStopsMidRun() throws Exception {
    List<Path> files = copies(dir.resolve("gone"), 10);
    Duration timeout = Duration.ofSeconds(3);
    captureLogs();

    IngestReport report;
    try (ImagePublisher publisher =
        new ImagePublisher(
            PublisherConfig.of(broker.bootstrapServers()).waitingOutOutagesOf(timeout))) {
      // Stopped after the walk, before the first send: the publisher has no metadata yet, which
      // is what made every file block for max.block.ms in turn.
      ProgressListener stopKafka =
          new ProgressListener() {
            @Override
            public void started(int images) {
              broker.close();
            }
          };
      report =
          new Ingester()
              .ingest(
                  List.of(dir.resolve("gone")),
                  IngestOptions.defaults().withBrokerTimeout(timeout),
                  publisher,
                  stopKafka);
      publisher.close(Duration.ZERO);
    }

    assertThat(report.stopped()).isTrue();
    assertThat(report.stopReason())
        .contains(broker.bootstrapServers())
        .contains("unreachable for longer than 3 s");
    assertThat(report.published()).isZero();
    assertThat(report.failures()).isEmpty();
    assertThat(report.notSent()).containsExactlyElementsOf(files);
    assertThat(report.allPublished()).isFalse();
    assertThat(report.summaryLine()).startsWith("published 0, failed 0, not sent 10,");
    assertThat(report.elapsed()).isLessThan(GENEROUS);
    assertThat(warnings("dev.likeness"))
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .contains("Kafka at " + broker.bootstrapServers() + " does not answer"));
  }

  @Test
  void commandWithKafkaGoneExitsOneListingEveryFileAfterOneWarning() throws Exception {
    List<Path> files = copies(dir.resolve("cmd"), 5);
    broker.close();
    captureLogs();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    long start = System.nanoTime();
    int code =
        command(out, err)
            .execute(
                "--bootstrap-servers",
                broker.bootstrapServers(),
                "--broker-timeout",
                "3s",
                "--quiet",
                dir.resolve("cmd").toString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(code).as("stdout %s%nstderr %s", out, err).isEqualTo(1);
    assertThat(took).isLessThan(GENEROUS);
    assertThat(out.toString()).contains("published 0, failed 0, not sent 5,");
    assertThat(err.toString())
        .contains(
            "stopped: Kafka at "
                + broker.bootstrapServers()
                + " was unreachable for longer than 3 s (see --broker-timeout); 5 files not sent"
                + " (or sent but not acknowledged):");
    for (Path f : files) {
      assertThat(err.toString()).contains("  " + f + System.lineSeparator());
    }
    // The command's own warning, and none of the Kafka clients' reconnect warnings.
    assertThat(warnings(""))
        .singleElement()
        .satisfies(w -> assertThat(w).contains("does not answer"));
  }

  @Test
  void anOutageShorterThanTheTimeoutLosesAndDuplicatesNothing() throws Exception {
    List<Path> files = copies(dir.resolve("back"), 20);
    String address = broker.bootstrapServers();
    int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    captureLogs();

    IngestReport report;
    AtomicBoolean stopped = new AtomicBoolean();
    CompletableFuture<KRaftBroker> restarted = new CompletableFuture<>();
    Duration timeout = IngestOptions.DEFAULT_BROKER_TIMEOUT;
    try (ImagePublisher publisher =
            new ImagePublisher(PublisherConfig.of(address).waitingOutOutagesOf(timeout));
        BrokerWatch watch = BrokerWatch.start(address, timeout)) {
      ProgressListener stopOnFirstAck =
          new ProgressListener() {
            @Override
            public void published(ImageFile file, PublishResult result, long bytes) {
              if (stopped.compareAndSet(false, true)) {
                // On the producer's I/O thread: nothing more goes out until the broker is down, so
                // the other images wait in the producer through the outage.
                broker.close();
                CompletableFuture.runAsync(
                    () -> {
                      await().atMost(GENEROUS).until(() -> !watch.reachable());
                      restarted.complete(KRaftBroker.start(broker.settings().withPort(port)));
                    });
              }
            }
          };
      report =
          new Ingester()
              .ingest(
                  List.of(dir.resolve("back")),
                  IngestOptions.defaults().withBrokerTimeout(timeout),
                  publisher,
                  watch,
                  stopOnFirstAck);
    } finally {
      if (restarted.isDone()) {
        broker = restarted.join();
      }
    }

    assertThat(restarted).as("the broker was stopped and started again").isDone();
    assertThat(report.failures()).isEmpty();
    assertThat(report.stopped()).isFalse();
    assertThat(report.published()).isEqualTo(files.size());
    Map<String, Integer> copiesById = recordsById("img-");
    assertThat(copiesById)
        .hasSize(files.size())
        .allSatisfy((id, n) -> assertThat(n).as(id).isOne());
    assertThat(warnings("dev.likeness"))
        .singleElement()
        .satisfies(w -> assertThat(w).contains("does not answer"));
    assertThat(messages(Level.INFO, "dev.likeness.ingest.publish"))
        .anySatisfy(m -> assertThat(m).contains("Kafka at " + address + " answers again, after"));
  }

  private static CommandLine command(StringWriter out, StringWriter err) {
    CommandLine cl =
        new CommandLine(new IngestCommand())
            .setDefaultValueProvider(
                new SettingsDefaultProvider(new ConfigResolver(Map.of(), null)));
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl;
  }

  /** {@code count} copies of one JPEG, in walk order (names sort as they are found). */
  private static List<Path> copies(Path target, int count) throws IOException {
    Files.createDirectories(target);
    List<Path> copied = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      copied.add(Files.copy(SAMPLE, target.resolve(String.format("img-%03d.jpg", i))));
    }
    return copied;
  }

  /** How many records each id under {@code prefix} has in the images topic, read to its end. */
  private Map<String, Integer> recordsById(String prefix) {
    Map<String, Integer> counts = new HashMap<>();
    try (ImagesTopicFromStart topic = new ImagesTopicFromStart(broker.bootstrapServers())) {
      KafkaConsumer<String, byte[]> consumer = topic.consumer;
      List<TopicPartition> partitions = topic.partitions;
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await()
          .atMost(GENEROUS)
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  if (r.key().startsWith(prefix)) {
                    counts.merge(r.key(), 1, Integer::sum);
                  }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
              });
    }
    return counts;
  }

  private void captureLogs() {
    logs.start();
    root().addAppender(logs);
  }

  private List<String> warnings(String loggerPrefix) {
    return messages(Level.WARN, loggerPrefix);
  }

  private List<String> messages(Level level, String loggerPrefix) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level && e.getLoggerName().startsWith(loggerPrefix))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage())
        .toList();
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
  }
}
