package dev.likeness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.likeness.contract.record.Topics;
import dev.likeness.ingest.IngestReport;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher: help for every command, and the demo with the search command on a real broker. */
class LikenessCliTest {

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Likeness.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void everyCommandExplainsEveryFlag() {
    CommandLine root = Likeness.commandLine();
    for (String name :
        List.of(
            "demo",
            "node",
            "ingest",
            "import-hashes",
            "delete",
            "search",
            "broker",
            "lag",
            "replay",
            "keys")) {
      CommandLine sub = root.getSubcommands().get(name);
      assertThat(sub).as(name).isNotNull();
      Run help = run(name, "--help");
      assertThat(help.exit()).as(name).isZero();
      for (CommandLine.Model.OptionSpec option : sub.getCommandSpec().options()) {
        // A negatable --flag is listed as --[no-]flag.
        String shown =
            option.negatable()
                ? "--[no-]" + option.longestName().substring(2)
                : option.longestName();
        assertThat(help.out()).as("%s --help mentions %s", name, shown).contains(shown);
        assertThat(option.description())
            .as("%s %s has a description", name, option.longestName())
            .isNotEmpty();
      }
    }
    assertThat(run("--help").out()).contains("demo", "node", "ingest", "delete", "search");
  }

  @Test
  void everyCommandOnTheImagesTopicNamesIt() {
    CommandLine root = Likeness.commandLine();
    for (String name : List.of("demo", "node", "ingest", "import-hashes", "delete", "lag")) {
      CommandLine.Model.OptionSpec option =
          root.getSubcommands().get(name).getCommandSpec().findOption("--images-topic");
      assertThat(option).as("%s --images-topic", name).isNotNull();
      assertThat(option.defaultValue()).as(name).isEqualTo(Topics.IMAGES);
    }
  }

  @Test
  void badUsageExitsWithTwo() {
    assertThat(run("search").exit()).isEqualTo(2);
    assertThat(run("demo", "--http-port", "eighty").exit()).isEqualTo(2);
    assertThat(run("no-such-command").exit()).isEqualTo(2);
  }

  @Test
  void searchSaysWhenNoNodeAnswers(@TempDir Path tmp) throws Exception {
    Path img = tmp.resolve("q.jpg");
    Files.write(img, image("bridge-mods_aaa-orig.jpg"));
    Run r = run("search", "--url", "http://127.0.0.1:1", img.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("Cannot reach a node");
  }

  @Test
  @Tag("broker")
  @Timeout(180)
  void theDemoServesSearchesAndKeepsItsDataAcrossRestarts(@TempDir Path tmp) throws Exception {
    Path seeds = Files.createDirectories(tmp.resolve("seeds"));
    Files.write(seeds.resolve("bridge.jpg"), image("bridge-mods_aaa-orig.jpg"));
    Files.write(seeds.resolve("coaster.png"), image("pen-and-coaster.png"));
    Files.write(seeds.resolve("notes.jpg"), "not an image".getBytes());
    NodeOptions options = parsedNodeOptions("--http-port", "0", "--stream-threads", "1");
    Path data = tmp.resolve("data");

    String clusterId;
    try (Demo demo = Demo.start(data, 0, options)) {
      clusterId = demo.broker().clusterId();
      IngestReport report = demo.publish(seeds, options.maxImageBytes);
      assertThat(report.published()).isEqualTo(2);
      assertThat(report.failures())
          .singleElement()
          .satisfies(f -> assertThat(f.reason()).contains("not an image"));
      String url = demo.node().baseUrl();
      Path query = seeds.resolve("bridge.jpg");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> run("search", "--url", url, query.toString()).out().contains("bridge.jpg"));

      Run table = run("search", "--url", url, "-k", "5", query.toString());
      assertThat(table.exit()).isZero();
      assertThat(table.out()).containsPattern("1\\s+bridge\\.jpg\\s+0\\s+1\\.000\\s+original");
      assertThat(table.out()).doesNotContain("coaster.png");
      Run json = run("search", "--url", url, "--json", query.toString());
      assertThat(json.out()).contains("\"matches\"");
    }

    try (Demo again = Demo.start(data, 0, options)) {
      assertThat(again.broker().clusterId()).isEqualTo(clusterId);
      assertThat(again.broker().formattedOnStart()).isFalse();
      Run table =
          run("search", "--url", again.node().baseUrl(), seeds.resolve("bridge.jpg").toString());
      assertThat(table.out()).contains("bridge.jpg");
    }
  }

  private static NodeOptions parsedNodeOptions(String... args) {
    NodeCommand cmd = new NodeCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.node;
  }

  private static byte[] image(String name) throws Exception {
    try (InputStream in =
        LikenessCliTest.class.getResourceAsStream("/pdq-vectors/images/" + name)) {
      return in.readAllBytes();
    }
  }
}
