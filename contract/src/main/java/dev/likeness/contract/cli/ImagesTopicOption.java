package dev.likeness.contract.cli;

import dev.likeness.contract.record.Topics;
import picocli.CommandLine.Option;

/**
 * The {@code --images-topic} option, shared by every command that reads or writes the images topic
 * so that all of them name it alike.
 */
public final class ImagesTopicOption {
  @Option(
      names = "--images-topic",
      paramLabel = "TOPIC",
      defaultValue = Topics.IMAGES,
      description =
          "The images topic. Another name holds another partition count after a"
              + " `likeness replay` (README: More partitions).")
  String imagesTopic = Topics.IMAGES;

  /** The configured topic name. */
  public String imagesTopic() {
    return imagesTopic;
  }
}
