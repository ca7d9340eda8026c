package dev.likeness.bench;

import dev.likeness.api.limit.RateLimit;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.broker.KRaftBroker;
import dev.likeness.node.LikenessNode;
import dev.likeness.node.NodeConfig;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bursts of concurrent {@code POST /search} of one huge progressive JPEG against a node in its own
 * JVM (on a real in-process broker), sampling the node's resident memory from {@code
 * /proc/PID/status} throughout: the peak RSS over the idle RSS, and the time of each answer.
 */
@Command(
    name = "decode-burst-bench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description =
        "Concurrent image searches of a huge progressive JPEG: the node's RSS and answer times.")
public final class DecodeBurstBench implements Callable<Integer> {
  @Option(names = "--clients", defaultValue = "16", description = "Concurrent searches per burst.")
  int clients;

  @Option(names = "--bursts", defaultValue = "3", description = "Bursts, one after the other.")
  int bursts;

  @Option(names = "--width", defaultValue = "10000", description = "Width of the generated JPEG.")
  int width;

  @Option(names = "--height", defaultValue = "9900", description = "Height of the generated JPEG.")
  int height;

  @Option(
      names = "--image",
      description = "Search with this file instead of a generated progressive JPEG.")
  Path image;

  @Option(
      names = "--node-jvm",
      split = ",",
      defaultValue = "-Xmx1g",
      description =
          "JVM options of the node (comma-separated), e.g. -Xmx1g,-Dlikeness.turbojpeg=false.")
  List<String> nodeJvm;

  @Option(
      names = "--decode-budget-mb",
      defaultValue = "0",
      description =
          "The node's decode budget in MiB, as the node command's flag; 0 means its default.")
  long decodeBudgetMb;

  @Option(names = "--serve", hidden = true, description = "Run the node (the child process).")
  String serveBootstrap;

  @Option(names = "--data-dir", hidden = true)
  Path dataDir;

  /** Runs the harness. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new DecodeBurstBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (serveBootstrap != null) {
      return serve();
    }
    Path tmp = Files.createTempDirectory("likeness-decode-burst");
    byte[] query = image != null ? Files.readAllBytes(image) : progressiveJpeg(width, height);
    System.out.printf(
        "query: %s, %d bytes%n",
        image != null ? image : width + "×" + height + " progressive JPEG", query.length);
    try (KRaftBroker broker =
        KRaftBroker.start(KRaftBroker.Settings.defaults(tmp.resolve("kafka")).withPort(0))) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("--add-modules");
      cmd.add("jdk.incubator.vector");
      cmd.addAll(nodeJvm);
      cmd.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              DecodeBurstBench.class.getName(),
              "--serve",
              broker.bootstrapServers(),
              "--data-dir",
              tmp.resolve("node").toString(),
              "--decode-budget-mb",
              Long.toString(decodeBudgetMb)));
      Process node =
          new ProcessBuilder(cmd).redirectError(tmp.resolve("node.log").toFile()).start();
      try {
        String base = awaitBaseUrl(node);
        run(node.pid(), base, query);
      } finally {
        node.getOutputStream().close(); // the child stops when its stdin closes
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
          node.destroyForcibly();
        }
      }
    }
    return 0;
  }

  private void run(long pid, String base, byte[] query) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    // Warm up on a small JPEG: classes, JIT, per-thread workspaces, so the idle figure is a serving
    // node's.
    byte[] small = progressiveJpeg(1600, 1200);
    for (int i = 0; i < 20; i++) {
      send(http, base, small);
    }
    System.gc();
    Thread.sleep(2000); // let the node settle before the idle reading; nothing to wait on
    long idle = rssKib(pid);
    RssSampler sampler = new RssSampler(pid);
    Thread sampling = new Thread(sampler, "rss-sampler");
    sampling.setDaemon(true);
    sampling.start();
    List<Double> okMillis = Collections.synchronizedList(new ArrayList<>());
    List<Double> allMillis = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    List<Long> burstPeaks = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      for (int b = 0; b < bursts; b++) {
        sampler.peakKib.set(0);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> tasks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          tasks.add(
              pool.submit(
                  () -> {
                    start.await();
                    long t = System.nanoTime();
                    int status = send(http, base, query);
                    double ms = (System.nanoTime() - t) / 1e6;
                    statuses.merge(status, 1, Integer::sum);
                    allMillis.add(ms);
                    if (status == 200) {
                      okMillis.add(ms);
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : tasks) {
          f.get();
        }
        burstPeaks.add(sampler.peakKib.get());
        System.out.printf("burst %d: peak RSS %d MiB%n", b + 1, sampler.peakKib.get() >> 10);
      }
    } finally {
      pool.shutdownNow();
      sampler.stop = true;
    }
    Stats ok = Stats.of(okMillis);
    Stats all = Stats.of(allMillis);
    Collections.sort(burstPeaks);
    long medianPeak = burstPeaks.get(burstPeaks.size() / 2);
    System.out.printf(
        "%nMachine: %d cores, node JVM %s, %d clients × %d bursts%n",
        Runtime.getRuntime().availableProcessors(), nodeJvm, clients, bursts);
    System.out.printf(
        "node RSS idle %d MiB, peak per burst %s MiB (median %d), VmHWM %d MiB%n",
        idle >> 10,
        burstPeaks.stream().map(k -> Long.toString(k >> 10)).toList(),
        medianPeak >> 10,
        hwmKib(pid) >> 10);
    System.out.printf("statuses %s%n", new TreeMap<>(statuses));
    System.out.println(Stats.header());
    System.out.println(ok.row("answer 200"));
    System.out.println(all.row("any answer"));
  }

  private static int send(HttpClient http, String base, byte[] body) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(base + "/search?k=10"))
            .timeout(Duration.ofMinutes(10))
            .header("content-type", "image/jpeg")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> r =
        http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() != 200 && r.statusCode() != 503) {
      throw new IllegalStateException("search answered " + r.statusCode() + ": " + r.body());
    }
    return r.statusCode();
  }

  private Integer serve() throws Exception {
    NodeConfig cfg =
        NodeConfig.builder(serveBootstrap, dataDir)
            .httpPort(0)
            .decodeBudgetBytes(decodeBudgetMb << 20)
            // The bursts come from one address: measure the budget, not the clients' rate limit.
            .requestLimits(
                RequestLimits.DEFAULTS.withSearches(RateLimit.OFF).withWrites(RateLimit.OFF))
            .build();
    try (LikenessNode node = LikenessNode.start(cfg)) {
      node.awaitRunning(Duration.ofMinutes(2));
      System.out.println("URL " + node.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until the parent closes our stdin
      }
    }
    return 0;
  }

  private static String awaitBaseUrl(Process node) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("URL ")) {
        return line.substring(4).strip();
      }
    }
    throw new IllegalStateException("the node exited before it served; see its log");
  }

  /**
   * A photo-like (smooth, a few shapes, mild noise) progressive JPEG, as cameras and editors export
   * them.
   */
  static byte[] progressiveJpeg(int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 160), w, h, new Color(230, 190, 120)));
    g.fillRect(0, 0, w, h);
    Random rnd = new Random(7);
    for (int i = 0; i < 40; i++) {
      g.setColor(new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256)));
      int s = w / 20 + rnd.nextInt(w / 6);
      g.fillOval(rnd.nextInt(w), rnd.nextInt(h), s, s * (50 + rnd.nextInt(100)) / 100);
    }
    g.dispose();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(img, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static long rssKib(long pid) throws IOException {
    return statusKib(pid, "VmRSS:");
  }

  private static long hwmKib(long pid) throws IOException {
    return statusKib(pid, "VmHWM:");
  }

  private static long statusKib(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
      }
    }
    return -1;
  }

  /** Reads the node's VmRSS every 20 ms and keeps the largest since the last reset. */
  private static final class RssSampler implements Runnable {
    final AtomicLong peakKib = new AtomicLong();
    final long pid;
    volatile boolean stop;

    RssSampler(long pid) {
      this.pid = pid;
    }

    @Override
    public void run() {
      while (!stop) {
        try {
          peakKib.accumulateAndGet(rssKib(pid), Math::max);
          Thread.sleep(20); // a sampling period, not a wait for a condition
        } catch (IOException | InterruptedException e) {
          return;
        }
      }
    }
  }
}
