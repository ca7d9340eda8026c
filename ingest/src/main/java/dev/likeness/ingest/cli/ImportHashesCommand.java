package dev.likeness.ingest.cli;

import dev.likeness.contract.cli.ImagesTopicOption;
import dev.likeness.contract.cli.KafkaConfigOption;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.record.HashValue;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.ingest.hashes.HashList;
import dev.likeness.ingest.hashes.HashListEntry;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import dev.likeness.ingest.topics.TopicLayout;
import dev.likeness.ingest.topics.TopicSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness import-hashes FILE...}: indexes PDQ hashes computed elsewhere, with no image. */
@Command(
    name = "import-hashes",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description = {
      "Publishes the PDQ hashes of hash lists (one hex,id[,more...] per line; an optional header names the "
          + "columns, 'quality' among them) to the images topic (likeness.images), where they are indexed like images but "
          + "without one. Delete them like images, by id."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every hash was published",
      "1:some lines were bad or could not be published",
      "2:usage error"
    })
public final class ImportHashesCommand implements Callable<Integer> {
  private static final int MAX_IN_FLIGHT = 10_000;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Hash list files.")
  List<Path> files;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Mixin ImagesTopicOption images = new ImagesTopicOption();

  @Mixin KafkaConfigOption kafka = new KafkaConfigOption();

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of the topics if this command creates them.")
  int partitions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no such file: " + f);
      }
    }
    try (Admin admin = Admin.create(kafka.settings().admin(bootstrapServers))) {
      TopicLayout defaults = TopicLayout.defaults();
      new TopicSetup(admin)
          .ensure(
              new TopicLayout(
                  partitions,
                  defaults.replicationFactor(),
                  defaults.maxImageBytes(),
                  images.imagesTopic()));
    }
    AtomicInteger published = new AtomicInteger();
    List<String> problems = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    try (ImagePublisher publisher =
        new ImagePublisher(
            PublisherConfig.of(bootstrapServers)
                .withClientId("likeness-import-hashes")
                .withImagesTopic(images.imagesTopic())
                .withKafka(kafka.settings()))) {
      // Bounded in flight: a list of millions must not queue millions of futures.
      Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
      List<CompletableFuture<?>> pending = new ArrayList<>();
      for (Path f : files) {
        String source = f.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          HashList.read(
              in,
              entry -> {
                ImageUpload upload;
                try {
                  upload = upload(entry, source);
                } catch (IllegalArgumentException e) {
                  // Metadata over a limit, say: this entry fails, the others go on.
                  problems.add(f + ":" + entry.lineNumber() + ": " + e.getMessage());
                  return;
                }
                inFlight.acquireUninterruptibly();
                pending.add(
                    publisher
                        .publish(upload)
                        .whenComplete(
                            (r, e) -> {
                              inFlight.release();
                              if (e == null) {
                                published.incrementAndGet();
                              } else {
                                problems.add(f + ":" + entry.lineNumber() + ": " + e.getMessage());
                              }
                            }));
                if (pending.size() >= MAX_IN_FLIGHT) {
                  pending.removeIf(CompletableFuture::isDone);
                }
              },
              p -> problems.add(f + ":" + p.lineNumber() + ": " + p.reason()));
        } catch (IOException e) {
          problems.add(f + ": " + e.getMessage());
        }
      }
      publisher.flush();
      pending.forEach(p -> p.exceptionally(e -> null).join());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    problems.forEach(err::println);
    out.printf(
        "imported %d hashes, %d problems, in %.1f s (%.0f hashes/s)%n",
        published.get(), problems.size(), seconds, published.get() / Math.max(seconds, 1e-3));
    out.flush();
    err.flush();
    return problems.isEmpty() ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }

  private static ImageUpload upload(HashListEntry entry, String source) {
    return new ImageUpload(
        entry.id(),
        HashValue.encode(entry.hash()),
        HashValue.CONTENT_TYPE,
        source,
        entry.metadata(),
        System.currentTimeMillis());
  }
}
