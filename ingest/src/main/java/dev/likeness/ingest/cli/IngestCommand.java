package dev.likeness.ingest.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.likeness.contract.cli.DurationConverter;
import dev.likeness.contract.cli.ImagesTopicOption;
import dev.likeness.contract.cli.KafkaConfigOption;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.record.MetadataLimitException;
import dev.likeness.ingest.IngestFailure;
import dev.likeness.ingest.IngestOptions;
import dev.likeness.ingest.IngestReport;
import dev.likeness.ingest.Ingester;
import dev.likeness.ingest.ProgressListener;
import dev.likeness.ingest.files.IdStrategy;
import dev.likeness.ingest.publish.BrokerWatch;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.ingest.topics.TopicLayout;
import dev.likeness.ingest.topics.TopicSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.internals.Sender;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness ingest PATH...}: publishes image files and folders to the images topic. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description = {
      "Publishes images to the images topic (likeness.images), creating the Likeness topics if missing.",
      "Folders are searched recursively for .jpg .jpeg .png .gif .bmp .webp .tif .tiff files"
          + " (any case; hidden entries skipped). Files named explicitly are always tried.",
      "Every file is checked for an image signature before it is sent.",
      "Options can also be set as LIKENESS_<OPTION> environment variables (e.g."
          + " LIKENESS_BOOTSTRAP_SERVERS) or in likeness.properties ($LIKENESS_CONFIG)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every image was published",
      "1:some files failed or were not sent (listed at the end), or Kafka could not be reached",
      "2:usage error"
    })
public final class IngestCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(IngestCommand.class);

  /** How long closing waits for buffered images after a run that was not stopped. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      arity = "1..*",
      description = "Image files and folders to publish.")
  List<Path> paths;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--id",
      paramLabel = "path|sha256",
      defaultValue = "path",
      converter = IdStrategyConverter.class,
      description =
          "Image id: 'path' = path relative to the folder argument ('/' separators),"
              + " or the file name of a file argument; 'sha256' = hex SHA-256 of the content, so the"
              + " same bytes never index twice.")
  IdStrategy idStrategy;

  @Option(
      names = "--meta",
      paramLabel = "KEY=VALUE",
      showDefaultValue = CommandLine.Help.Visibility.NEVER,
      description = "Metadata added to every image as header meta.KEY. Repeatable.")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Mixin ImagesTopicOption images = new ImagesTopicOption();

  @Mixin KafkaConfigOption kafka = new KafkaConfigOption();

  @Option(
      names = "--max-bytes",
      paramLabel = "BYTES",
      defaultValue = "16777216",
      description =
          "Largest image accepted; larger files fail without being sent. Also sizes"
              + " max.message.bytes of the images topic when it is created.")
  int maxBytes;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "12",
      description = "Partitions of each topic, used only when the topics are created.")
  int partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Replicas per partition when the topics are created;" + " 0 = min(3, number of brokers).")
  int replicationFactor;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "32",
      description = "Images sent but not yet acknowledged, at most.")
  int maxInFlight;

  @Option(
      names = "--broker-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long Kafka may be unreachable before the command stops and lists the"
              + " files it did not send (30s, 2m, PT90S). Sending pauses meanwhile; a shorter outage"
              + " loses and duplicates nothing.")
  Duration brokerTimeout;

  @Option(
      names = {"-q", "--quiet"},
      defaultValue = "false",
      description = "No progress bar; only the summary and the failures are printed.")
  boolean quiet;

  @Override
  public Integer call() {
    IngestOptions options = options();
    TopicLayout layout = layout();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    quietReconnectWarnings();
    ProgressListener progress =
        quiet
            ? ProgressListener.NONE
            : new ProgressDisplay(err, ProgressDisplay.stderrIsTerminal());
    IngestReport report;
    try (BrokerWatch watch = BrokerWatch.start(bootstrapServers, brokerTimeout, kafka.settings())) {
      // Unreachable for the whole timeout: the run below then stops at once, listing every file.
      boolean reachable = watch.awaitReachable();
      if (watch.refusal().isPresent()) {
        // Wrong credentials stay wrong: say so now rather than after the broker timeout.
        err.println("cannot publish to " + bootstrapServers + ": " + watch.refusal().get());
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
      }
      if (reachable) {
        try {
          ensureTopics(layout);
        } catch (KafkaException e) {
          log.debug("topic setup failed", e);
          err.println(
              "cannot set up topics on "
                  + bootstrapServers
                  + " (is Kafka running there? see --bootstrap-servers): "
                  + e.getMessage());
          err.flush();
          return CommandLine.ExitCode.SOFTWARE;
        }
      }
      report = publish(options, watch, progress);
    }
    out.println(report.summaryLine());
    out.flush();
    if (report.allPublished()) {
      return CommandLine.ExitCode.OK;
    }
    if (!report.failures().isEmpty()) {
      err.println("failed:");
      for (IngestFailure f : report.failures()) {
        err.println("  " + f);
      }
    }
    if (report.stopped()) {
      err.println(
          "stopped: "
              + report.stopReason()
              + " (see --broker-timeout); "
              + report.notSent().size()
              + " files not sent (or sent but not acknowledged)"
              + (report.notSent().isEmpty() ? "" : ":"));
      for (Path p : report.notSent()) {
        err.println("  " + p);
      }
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  private IngestReport publish(
      IngestOptions options, BrokerWatch watch, ProgressListener progress) {
    ImagePublisher publisher =
        new ImagePublisher(
            PublisherConfig.of(bootstrapServers)
                .withMaxImageBytes(maxBytes)
                .withImagesTopic(images.imagesTopic())
                .waitingOutOutagesOf(brokerTimeout)
                .withKafka(kafka.settings()));
    Duration closeWait = CLOSE_TIMEOUT;
    try {
      IngestReport report = new Ingester().ingest(paths, options, publisher, watch, progress);
      if (report.stopped()) {
        // Kafka is gone, and what is still buffered is already reported as not sent.
        closeWait = Duration.ZERO;
      }
      return report;
    } finally {
      publisher.close(closeWait);
    }
  }

  /** The parsed options as the {@link Ingester} takes them; a bad value is a usage error. */
  IngestOptions options() {
    try {
      return new IngestOptions(idStrategy, metadata, maxBytes, maxInFlight, brokerTimeout);
    } catch (MetadataLimitException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--meta: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** The parsed topic options; a bad value is a usage error. */
  TopicLayout layout() {
    try {
      return new TopicLayout(partitions, replicationFactor, maxBytes, images.imagesTopic());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * While a broker is down Kafka's clients log two warnings a second, and one for every batch in
   * flight; the watch reports an outage once instead, and each image's fate is in the report. A
   * level the logging configuration sets for these loggers is kept.
   */
  private static void quietReconnectWarnings() {
    try {
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
        for (Class<?> chatty : List.of(NetworkClient.class, Sender.class)) {
          var logger = context.getLogger(chatty);
          if (logger.getLevel() == null) {
            logger.setLevel(Level.ERROR);
          }
        }
      }
    } catch (NoClassDefFoundError e) {
      // Another SLF4J binding than logback: its configuration decides.
    }
  }

  private void ensureTopics(TopicLayout layout) {
    try (Admin admin =
        Admin.create(
            kafka
                .settings()
                .admin(
                    bootstrapServers,
                    Map.of(
                        AdminClientConfig.CLIENT_ID_CONFIG, "likeness-ingest-admin",
                        // Fail in seconds, not minutes, when nothing listens at the address.
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000",
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000")))) {
      new TopicSetup(admin).ensure(layout);
    }
  }
}
