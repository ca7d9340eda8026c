package dev.likeness.ingest.cli;

import dev.likeness.contract.cli.ImagesTopicOption;
import dev.likeness.contract.cli.KafkaConfigOption;
import dev.likeness.contract.cli.SettingsDefaultProvider;
import dev.likeness.contract.kafka.KafkaRefusal;
import dev.likeness.contract.record.ImageId;
import dev.likeness.contract.record.PublishResult;
import dev.likeness.ingest.publish.ImagePublisher;
import dev.likeness.ingest.publish.PublisherConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness delete ID...}: publishes tombstones that remove images from the index. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    defaultValueProvider = SettingsDefaultProvider.class,
    description = {
      "Deletes images by publishing a tombstone (null value) for each id to the images topic (likeness.images).",
      "Deleting an id that was never published is harmless."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every tombstone was written",
      "1:some could not be written",
      "2:usage error"
    })
public final class DeleteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", arity = "1..*", description = "Ids of the images to delete.")
  List<String> ids;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Mixin ImagesTopicOption images = new ImagesTopicOption();

  @Mixin KafkaConfigOption kafka = new KafkaConfigOption();

  @Override
  public Integer call() {
    for (String id : ids) {
      // Check every id before sending anything: a typo should not leave a half-done deletion.
      try {
        ImageId.validate(id);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "bad ID '" + id + "': " + e.getMessage(), e);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failed = 0;
    try (ImagePublisher publisher =
        new ImagePublisher(
            PublisherConfig.of(bootstrapServers)
                .withClientId("likeness-delete")
                .withImagesTopic(images.imagesTopic())
                .withKafka(kafka.settings()))) {
      List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
      for (String id : ids) {
        sent.add(publisher.delete(id));
      }
      for (int i = 0; i < ids.size(); i++) {
        try {
          PublishResult r = sent.get(i).join();
          out.printf("deleted %s (partition %d, offset %d)%n", r.id(), r.partition(), r.offset());
        } catch (CompletionException e) {
          failed++;
          Throwable cause = e.getCause() == null ? e : e.getCause();
          err.printf(
              "could not delete %s: %s%n",
              ids.get(i), KafkaRefusal.explain(cause).orElse(cause.getMessage()));
        }
      }
    }
    out.flush();
    err.flush();
    return failed == 0 ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }
}
