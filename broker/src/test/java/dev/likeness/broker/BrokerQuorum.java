package dev.likeness.broker;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A quorum of N combined broker + controller members on loopback, each in a JVM process of its own
 * ({@link BrokerProcess}), for tests that kill brokers with SIGKILL and start them again on their
 * data folders. Members are numbered 1..N; their client and controller ports are free ports picked
 * once, so a restarted member comes back where it was.
 */
public final class BrokerQuorum implements AutoCloseable {
  /** How long a member may take to serve; members wait for a majority, so this covers them all. */
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private static final int LOG_TAIL_LINES = 40;

  private final Path dir;
  private final QuorumVoters voters;
  private final Map<Integer, Integer> kafkaPorts;
  private final Map<String, String> brokerProperties;
  private final Map<Integer, Member> running = new ConcurrentHashMap<>();

  private BrokerQuorum(
      Path dir,
      QuorumVoters voters,
      Map<Integer, Integer> kafkaPorts,
      Map<String, String> brokerProperties) {
    this.dir = dir;
    this.voters = voters;
    this.kafkaPorts = kafkaPorts;
    this.brokerProperties = brokerProperties;
  }

  /** Starts {@code size} members under {@code dir} and returns once every one serves. */
  public static BrokerQuorum start(Path dir, int size) {
    return start(dir, size, Map.of());
  }

  /**
   * Like {@link #start(Path, int)}, with broker properties every member applies last (e.g. a
   * shorter {@code broker.session.timeout.ms}, so a killed member is fenced sooner).
   */
  public static BrokerQuorum start(Path dir, int size, Map<String, String> brokerProperties) {
    List<Integer> ports = freePorts(2 * size);
    List<QuorumVoters.Voter> voters = new ArrayList<>();
    Map<Integer, Integer> kafkaPorts = new LinkedHashMap<>();
    for (int id = 1; id <= size; id++) {
      kafkaPorts.put(id, ports.get(2 * (id - 1)));
      voters.add(new QuorumVoters.Voter(id, "127.0.0.1", ports.get(2 * (id - 1) + 1)));
    }
    BrokerQuorum quorum =
        new BrokerQuorum(dir, new QuorumVoters(voters), kafkaPorts, Map.copyOf(brokerProperties));
    try {
      // All at once: a member serves only once a majority of the voters is up.
      for (int id : kafkaPorts.keySet()) {
        quorum.launch(id);
      }
      for (int id : kafkaPorts.keySet()) {
        quorum.awaitServing(id);
      }
      return quorum;
    } catch (RuntimeException | Error e) {
      quorum.close();
      throw e;
    }
  }

  /** Every member's {@code host:port}, running or not, as clients list them. */
  public String bootstrapServers() {
    return kafkaPorts.keySet().stream()
        .map(this::bootstrapServers)
        .collect(Collectors.joining(","));
  }

  /** Member {@code nodeId}'s {@code host:port}. */
  public String bootstrapServers(int nodeId) {
    return "127.0.0.1:" + kafkaPorts.get(nodeId);
  }

  public QuorumVoters voters() {
    return voters;
  }

  public Set<Integer> nodeIds() {
    return kafkaPorts.keySet();
  }

  /** Member {@code nodeId}'s data folder. */
  public Path dataDir(int nodeId) {
    return dir.resolve("broker-" + nodeId);
  }

  public boolean isRunning(int nodeId) {
    Member m = running.get(nodeId);
    return m != null && m.process.isAlive();
  }

  /** Kills member {@code nodeId} with SIGKILL and waits until its process is gone. */
  public void kill(int nodeId) {
    Member m = running.remove(nodeId);
    if (m == null) {
      throw new IllegalStateException("broker " + nodeId + " is not running");
    }
    m.process.destroyForcibly();
    try {
      m.process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing broker " + nodeId, e);
    }
  }

  /** Starts a stopped member again on its data folder and ports, and waits until it serves. */
  public void restart(int nodeId) {
    if (isRunning(nodeId)) {
      throw new IllegalStateException("broker " + nodeId + " is running");
    }
    launch(nodeId);
    awaitServing(nodeId);
  }

  /** Kills every member still running. */
  @Override
  public void close() {
    for (int id : Set.copyOf(running.keySet())) {
      kill(id);
    }
  }

  private void launch(int nodeId) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A test broker needs little: a small heap, the quick compiler and one GC thread leave the
    // cores to the test.
    cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            BrokerProcess.class.getName(),
            dataDir(nodeId).toString(),
            Integer.toString(nodeId),
            Integer.toString(kafkaPorts.get(nodeId)),
            voters.toString()));
    brokerProperties.forEach((k, v) -> cmd.add(k + "=" + v));
    Process process;
    try {
      Files.createDirectories(dir);
      process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start broker " + nodeId, e);
    }
    Member member = new Member(process, dir.resolve("broker-" + nodeId + ".log"));
    running.put(nodeId, member);
    member.follow(nodeId);
  }

  private void awaitServing(int nodeId) {
    Member m = running.get(nodeId);
    try {
      m.ready.get(STARTUP_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "broker " + nodeId + " did not serve in time; last lines:\n" + m.tail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting broker " + nodeId, e);
    }
  }

  /** Binds all ports at once, so they differ from each other, then frees them for the members. */
  private static List<Integer> freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free ports", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // it was only a probe
        }
      }
    }
  }

  /** A running member: its process, its log and whether it serves yet. */
  private static final class Member {
    final Process process;
    final Path log;
    final CompletableFuture<String> ready = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();

    Member(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    /** Copies the member's output to its log file and notes when it serves. */
    void follow(int nodeId) {
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getInputStream(), StandardCharsets.UTF_8));
                    BufferedWriter out =
                        Files.newBufferedWriter(
                            log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                  for (String line; (line = in.readLine()) != null; ) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    remember(line);
                    if (line.startsWith(BrokerProcess.READY)) {
                      ready.complete(line.substring(BrokerProcess.READY.length()).strip());
                    }
                  }
                } catch (IOException e) {
                  // The process is gone; fall through to report it.
                }
                ready.completeExceptionally(
                    new IllegalStateException(
                        "broker " + nodeId + " exited before it served; last lines:\n" + tail()));
              },
              "broker-" + nodeId + "-output");
      reader.setDaemon(true);
      reader.start();
    }

    private synchronized void remember(String line) {
      tail.addLast(line);
      if (tail.size() > LOG_TAIL_LINES) {
        tail.removeFirst();
      }
    }

    synchronized String tail() {
      return String.join("\n", tail);
    }
  }
}
