package dev.likeness.monitor.cli;

import dev.likeness.contract.cli.DurationConverter;
import dev.likeness.contract.cli.ImagesTopicOption;
import dev.likeness.contract.cli.KafkaConfigOption;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.kafka.KafkaRefusal;
import dev.likeness.monitor.LagJson;
import dev.likeness.monitor.LagReport;
import dev.likeness.monitor.LagSampler;
import dev.likeness.monitor.LagTable;
import dev.likeness.monitor.LagUnavailableException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness lag}: the indexer's lag on the images topic, read with the Admin API only, so it
 * needs no node running. Lives beside the monitor (as {@code ingest} does beside the publisher) so
 * that tests of every module above can run it.
 */
@Command(
    name = "lag",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description = {
      "Shows how far the indexer trails the images topic: per partition the committed and end offsets, "
          + "the lag in records and in seconds, the member that owns it and a status.",
      "Status: OK nothing waits; LAGGING records wait and the committed offset moves; "
          + "STALLED it has not moved for the stall window (needs --watch); STOPPED no member owns the partition.",
      "Seconds: the age of the oldest unprocessed record (its timestamp on a first reading, "
          + "then interpolated from the sampled end offsets); '+' marks a lower bound."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the lag was read",
      "1:Kafka or the topic could not be read",
      "2:usage error"
    })
public final class LagCommand implements Callable<Integer> {
  /** ANSI: cursor home, clear screen. */
  private static final String CLEAR = "\033[H\033[2J";

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      defaultValue = "likeness",
      description = "Streams application id of the nodes: the consumer group whose lag is shown.")
  String applicationId;

  @Mixin ImagesTopicOption images = new ImagesTopicOption();

  @Mixin KafkaConfigOption kafka = new KafkaConfigOption();

  @Option(
      names = "--watch",
      description = "Refresh every --interval until interrupted (or --count readings).")
  boolean watch;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Time between readings with --watch (500ms, 2s, 1m).")
  Duration interval;

  @Option(
      names = "--stall-window",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description =
          "How long the committed offset may stand still while records wait before STALLED.")
  Duration stallWindow;

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "0",
      description = "With --watch, stop after N readings (0 = until interrupted).")
  int count;

  @Option(
      names = "--json",
      description = "Print the JSON of GET /lag (one document per line with --watch).")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (count < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--count must be 0 or more, was " + count);
    }
    // Clear the screen only where a person watches: piped output gets successive tables.
    boolean terminal = System.console() != null && !json;
    try (LagSampler sampler =
        LagSampler.connect(
            bootstrapServers, applicationId, images.imagesTopic(), stallWindow, kafka.settings())) {
      for (int reading = 1; ; reading++) {
        LagReport report = sampler.sample();
        if (watch && terminal) {
          out.print(CLEAR);
        }
        out.print(json ? LagJson.encode(report) + System.lineSeparator() : LagTable.render(report));
        out.flush();
        if (!watch || (count > 0 && reading >= count)) {
          return CommandLine.ExitCode.OK;
        }
        if (!terminal && !json) {
          out.println();
        }
        Thread.sleep(interval.toMillis());
      }
    } catch (LagUnavailableException e) {
      err.println(
          "Cannot read the lag of group "
              + applicationId
              + " at "
              + bootstrapServers
              + ": "
              + KafkaRefusal.explain(e).orElse(e.getMessage()));
      err.flush();
      return CommandLine.ExitCode.SOFTWARE;
    }
  }
}
