package dev.likeness.bench.cluster;

import dev.likeness.contract.cli.DurationConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The chaos harness: a Likeness cluster of broker and node processes on 127.0.0.1 under ingest and
 * search load, through node kills, wiped nodes, broker kills and rolling restarts. Prints a table
 * per fault and exits non-zero if an acknowledged image was lost, duplicated, dead-lettered or not
 * found from every node.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = "Fault injection against a local Likeness cluster of processes.")
public final class ChaosHarness implements Callable<Integer> {
  @Option(
      names = "--work-dir",
      description =
          "Folder for the processes' data and logs and the results (default: a new temp folder).")
  Path workDir;

  @Option(
      names = "--results",
      description = "Markdown file the report is written to (default: WORK/results.md).")
  Path results;

  @Option(
      names = "--brokers",
      defaultValue = "0",
      description = "Brokers; 0 means 3 if `likeness broker` can join a quorum, else 1.")
  int brokers;

  @Option(names = "--nodes", defaultValue = "3", description = "Likeness nodes.")
  int nodes;

  @Option(
      names = "--partitions",
      defaultValue = "12",
      description = "Partitions of the topics (the node default, as in docker/likeness.env).")
  int partitions;

  @Option(names = "--rate", defaultValue = "20", description = "Images published per second.")
  double rate;

  @Option(
      names = "--image-side",
      defaultValue = "320",
      description = "Width and height of the synthetic JPEGs (at least 256).")
  int imageSide;

  @Option(
      names = "--search-pause",
      defaultValue = "100ms",
      converter = DurationConverter.class,
      description = "Pause between two searches of each node's search loop.")
  Duration searchPause;

  @Option(
      names = "--faults",
      split = ",",
      defaultValue = "NODE_KILL,NODE_WIPE,BROKER_KILL,ROLLING_RESTART",
      description = "Faults, in order, run in every cycle: ${COMPLETION-CANDIDATES}.")
  List<Fault> faults;

  @Option(names = "--cycles", defaultValue = "1", description = "Times each fault is run.")
  int cycles;

  @Option(
      names = "--warm-up",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Steady load before the first fault.")
  Duration warmUp;

  @Option(
      names = "--settle",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Steady load after a fault has recovered.")
  Duration settle;

  @Option(
      names = "--recovery-timeout",
      defaultValue = "90s",
      converter = DurationConverter.class,
      description = "Longest wait for complete answers after a fault.")
  Duration recoveryTimeout;

  @Option(
      names = "--start-timeout",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description = "Longest wait for a process to be ready.")
  Duration startTimeout;

  @Option(
      names = "--drain-timeout",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description =
          "Longest wait at the end for the indexers to commit every published record (lag 0).")
  Duration drainTimeout;

  @Option(
      names = "--env-file",
      defaultValue = "docker/likeness.env",
      description = "LIKENESS_* settings given to every node, if the file exists.")
  Path envFile;

  @Option(
      names = "--node-jvm-options",
      defaultValue = "-Xmx512m --add-modules jdk.incubator.vector",
      description = "JVM options of each node.")
  String nodeJvmOptions;

  @Option(
      names = "--broker-jvm-options",
      defaultValue = "-Xmx256m",
      description = "JVM options of each broker.")
  String brokerJvmOptions;

  @Option(
      names = "--classpath",
      description = "Classpath of the processes (default: this JVM's, which holds the launcher).")
  String classpath;

  /** The run's configuration from the flags. */
  ChaosConfig config() throws Exception {
    Path work = workDir != null ? workDir : Files.createTempDirectory("likeness-chaos-");
    return ChaosConfig.builder(
            work.toAbsolutePath(),
            classpath != null ? classpath : System.getProperty("java.class.path"))
        .brokers(brokers > 0 ? brokers : LocalCluster.brokersFormQuorums() ? 3 : 1)
        .nodes(nodes)
        .partitions(partitions)
        .nodeEnv(SettingsFile.read(envFile))
        .nodeJvmOptions(words(nodeJvmOptions))
        .brokerJvmOptions(words(brokerJvmOptions))
        .imagesPerSecond(rate)
        .imageSide(imageSide)
        .searchPause(searchPause)
        .faults(faults)
        .cycles(cycles)
        .warmUp(warmUp)
        .settle(settle)
        .recoveryTimeout(recoveryTimeout)
        .startTimeout(startTimeout)
        .drainTimeout(drainTimeout)
        .build();
  }

  @Override
  public Integer call() throws Exception {
    ChaosConfig config = config();
    ChaosReport report = ChaosRun.run(config);
    String md = report.markdown();
    Path out = results != null ? results : config.workDir().resolve("results.md");
    Files.writeString(out, md);
    System.out.println(md);
    System.out.println("Report in " + out + "; logs in " + config.workDir().resolve("logs"));
    return report.passed() ? 0 : 1;
  }

  private static List<String> words(String s) {
    return Arrays.stream(s.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
  }

  public static void main(String[] args) {
    int code =
        new CommandLine(new ChaosHarness())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  e.printStackTrace();
                  return 2;
                })
            .execute(args);
    System.exit(code);
  }
}
