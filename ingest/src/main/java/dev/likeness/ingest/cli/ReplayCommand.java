package dev.likeness.ingest.cli;

import dev.likeness.contract.cli.KafkaConfigOption;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.kafka.KafkaRefusal;
import dev.likeness.contract.record.Topics;
import dev.likeness.ingest.replay.TopicReplay;
import dev.likeness.ingest.topics.TopicLayout;
import dev.likeness.ingest.topics.TopicSetup;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness replay --from A --to B}: copies the images topic into a new one with another
 * partition count, which a new application id then indexes (README: More partitions).
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description = {
      "Creates a new images topic, configured like the one nodes create, and copies every record"
          + " of an images topic into it: keys, values, deletions, headers and timestamps. Keys"
          + " are spread over the new partitions as publishers would spread them.",
      "Copies up to the end at the start, or with --follow also what is published later, until"
          + " interrupted. Nodes under a new --application-id then index the new topic"
          + " (--images-topic)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every record was copied",
      "1:the target exists, the source does not, or Kafka failed (what was copied stays)",
      "2:usage error"
    })
public final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Mixin KafkaConfigOption kafka = new KafkaConfigOption();

  @Option(
      names = "--from",
      paramLabel = "TOPIC",
      defaultValue = Topics.IMAGES,
      description = "The images topic to copy.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "TOPIC",
      required = true,
      description = "The new images topic; must not exist yet.")
  String to;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "12",
      description = "Partitions of the new topic.")
  int partitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "0",
      description = "Replicas per partition of the new topic; 0 = min(3, number of brokers).")
  int replicationFactor;

  @Option(
      names = "--max-bytes",
      paramLabel = "BYTES",
      defaultValue = "16777216",
      description =
          "Largest image copied; sizes max.message.bytes of the new topic. Use the nodes'"
              + " --max-image-bytes.")
  int maxBytes;

  @Option(
      names = "--follow",
      description =
          "Keep copying records published to the source after the start, until interrupted.")
  boolean follow;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TopicLayout layout;
    TopicReplay replay;
    try {
      layout = new TopicLayout(partitions, replicationFactor, maxBytes, to);
      replay = new TopicReplay(bootstrapServers, from, to, maxBytes, kafka.settings());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    // Ctrl-C (a JVM shutdown) stops the replay; the hook waits until what was read is written
    // and the count printed.
    CountDownLatch done = new CountDownLatch(1);
    Thread stopOnShutdown =
        new Thread(
            () -> {
              replay.stop();
              try {
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "likeness-replay-stop");
    Runtime.getRuntime().addShutdownHook(stopOnShutdown);
    try {
      int sourcePartitions = createTarget(layout);
      err.printf(
          "copying %s (%d partitions) to %s (%d partitions)%s%n",
          from, sourcePartitions, to, partitions, follow ? " until interrupted" : "");
      err.flush();
      long copied =
          replay.run(
              follow,
              (sofar, behind) -> {
                err.printf("copied %d records, %d offsets behind%n", sofar, behind);
                err.flush();
              });
      out.printf("copied %d records from %s to %s%n", copied, from, to);
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (KafkaException e) {
      err.println("replay failed: " + KafkaRefusal.explain(e).orElse(e.getMessage()));
      if (replay.copied() > 0) {
        err.println("copied before the failure: " + replay.copied() + " records");
      }
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnShutdown);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook runs already.
      }
    }
  }

  /** Creates the target; returns the partition count of the source, which must exist. */
  private int createTarget(TopicLayout layout) {
    try (Admin admin = Admin.create(kafka.settings().admin(bootstrapServers))) {
      int sourcePartitions;
      try {
        sourcePartitions =
            admin.describeTopics(List.of(from)).allTopicNames().get().get(from).partitions().size();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new KafkaException("cannot read topic " + from + ": " + rootMessage(e), e);
      }
      try {
        new TopicSetup(admin).createImagesTopic(layout);
        return sourcePartitions;
      } catch (TopicExistsException e) {
        throw new KafkaException(
            "topic "
                + to
                + " exists; replay into a new topic (or delete this one with kafka-topics"
                + " --delete first)",
            e);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
