package dev.likeness.bench.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One chaos run: the cluster's shape, the load and the fault schedule.
 *
 * @param workDir where brokers and nodes keep their data and logs, and the results go
 * @param classpath classpath of the child JVMs (holds {@code dev.likeness.app.Likeness})
 * @param brokers brokers in the KRaft quorum (1, or 3 once the broker command runs in a quorum)
 * @param nodes Likeness nodes
 * @param partitions partitions of the topics
 * @param nodeEnv LIKENESS_* variables given to every node (the shared settings file)
 * @param nodeJvmOptions JVM options of each node
 * @param brokerJvmOptions JVM options of each broker
 * @param imagesPerSecond steady publishing rate
 * @param imageSide width and height of the synthetic JPEGs
 * @param searchPause pause of each node's search loop between two searches
 * @param faults the faults, run in this order in every cycle
 * @param cycles how many times each fault is run
 * @param warmUp steady load before the first fault
 * @param settle steady load after a fault has recovered, before the next one
 * @param recoveryTimeout longest wait for complete answers after a fault
 * @param startTimeout longest wait for a process to be ready
 * @param drainTimeout longest wait at the end for the indexers to commit every published record
 */
public record ChaosConfig(
    Path workDir,
    String classpath,
    int brokers,
    int nodes,
    int partitions,
    Map<String, String> nodeEnv,
    List<String> nodeJvmOptions,
    List<String> brokerJvmOptions,
    double imagesPerSecond,
    int imageSide,
    Duration searchPause,
    List<Fault> faults,
    int cycles,
    Duration warmUp,
    Duration settle,
    Duration recoveryTimeout,
    Duration startTimeout,
    Duration drainTimeout) {

  public ChaosConfig {
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(classpath, "classpath");
    if (brokers < 1 || nodes < 1 || partitions < 1) {
      throw new IllegalArgumentException("brokers, nodes and partitions must be at least 1");
    }
    if (imagesPerSecond <= 0 || cycles < 0) {
      throw new IllegalArgumentException("the rate must be positive and cycles not negative");
    }
    if (imageSide < 256) {
      throw new IllegalArgumentException("images must be at least 256 px wide to be good images");
    }
    nodeEnv = Map.copyOf(nodeEnv);
    nodeJvmOptions = List.copyOf(nodeJvmOptions);
    brokerJvmOptions = List.copyOf(brokerJvmOptions);
    faults = List.copyOf(faults);
  }

  /** A builder with the defaults of a modest benchmark run. */
  public static Builder builder(Path workDir, String classpath) {
    return new Builder(workDir, classpath);
  }

  /** Collects a {@link ChaosConfig}; every setter has a default. */
  public static final class Builder {
    private final Path workDir;
    private final String classpath;
    private int brokers = 1;
    private int nodes = 3;
    private int partitions = 12;
    private Map<String, String> nodeEnv = Map.of();
    private List<String> nodeJvmOptions = List.of("-Xmx512m");
    private List<String> brokerJvmOptions = List.of("-Xmx256m");
    private double imagesPerSecond = 20;
    private int imageSide = 320;
    private Duration searchPause = Duration.ofMillis(100);
    private List<Fault> faults = List.of(Fault.values());
    private int cycles = 1;
    private Duration warmUp = Duration.ofSeconds(10);
    private Duration settle = Duration.ofSeconds(5);
    private Duration recoveryTimeout = Duration.ofSeconds(90);
    private Duration startTimeout = Duration.ofSeconds(120);
    private Duration drainTimeout = Duration.ofMinutes(15);

    private Builder(Path workDir, String classpath) {
      this.workDir = workDir;
      this.classpath = classpath;
    }

    public Builder brokers(int v) {
      brokers = v;
      return this;
    }

    public Builder nodes(int v) {
      nodes = v;
      return this;
    }

    public Builder partitions(int v) {
      partitions = v;
      return this;
    }

    public Builder nodeEnv(Map<String, String> v) {
      nodeEnv = v;
      return this;
    }

    public Builder nodeJvmOptions(List<String> v) {
      nodeJvmOptions = v;
      return this;
    }

    public Builder brokerJvmOptions(List<String> v) {
      brokerJvmOptions = v;
      return this;
    }

    public Builder imagesPerSecond(double v) {
      imagesPerSecond = v;
      return this;
    }

    public Builder imageSide(int v) {
      imageSide = v;
      return this;
    }

    public Builder searchPause(Duration v) {
      searchPause = v;
      return this;
    }

    public Builder faults(List<Fault> v) {
      faults = v;
      return this;
    }

    public Builder cycles(int v) {
      cycles = v;
      return this;
    }

    public Builder warmUp(Duration v) {
      warmUp = v;
      return this;
    }

    public Builder settle(Duration v) {
      settle = v;
      return this;
    }

    public Builder recoveryTimeout(Duration v) {
      recoveryTimeout = v;
      return this;
    }

    public Builder startTimeout(Duration v) {
      startTimeout = v;
      return this;
    }

    public Builder drainTimeout(Duration v) {
      drainTimeout = v;
      return this;
    }

    public ChaosConfig build() {
      return new ChaosConfig(
          workDir,
          classpath,
          brokers,
          nodes,
          partitions,
          nodeEnv,
          nodeJvmOptions,
          brokerJvmOptions,
          imagesPerSecond,
          imageSide,
          searchPause,
          faults,
          cycles,
          warmUp,
          settle,
          recoveryTimeout,
          startTimeout,
          drainTimeout);
    }
  }
}
