package dev.likeness.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code likeness} command in a JVM of its own, its output appended to a log file (so a restart
 * keeps the earlier lives' lines).
 */
final class ChildJvm {
  private static final String MAIN = "dev.likeness.app.Likeness";

  private final String name;
  private final List<String> command;
  private final List<String> args;
  private final Map<String, String> env;
  private final Path log;
  private Process process;

  /**
   * @param name how logs and reports call it, e.g. {@code node-1}
   * @param classpath classpath holding the launcher
   * @param jvmOptions options before the main class
   * @param args the launcher's arguments, e.g. {@code node --http-port 18080}
   * @param env variables added to the harness's own environment
   * @param log file the output is appended to
   */
  ChildJvm(
      String name,
      String classpath,
      List<String> jvmOptions,
      List<String> args,
      Map<String, String> env,
      Path log) {
    this.name = name;
    this.env = Map.copyOf(env);
    this.log = log;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    // Two logback.xml on the classpath (the bench's and the launcher's): logback says so at length.
    cmd.add("-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(MAIN);
    cmd.addAll(args);
    this.command = List.copyOf(cmd);
    this.args = List.copyOf(args);
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  synchronized void start() throws IOException {
    if (isAlive()) {
      throw new IllegalStateException(name + " is running already");
    }
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "=== start " + Instant.now() + ": likeness " + String.join(" ", args) + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /**
   * SIGTERM, so the shutdown hook closes cleanly; SIGKILL if it is not gone within {@code grace}.
   */
  synchronized void stop(Duration grace) throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
