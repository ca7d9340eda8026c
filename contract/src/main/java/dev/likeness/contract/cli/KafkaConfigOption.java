package dev.likeness.contract.cli;

import dev.likeness.contract.kafka.KafkaClientSettings;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --kafka-config} option, shared by every command that makes Kafka clients, so that all
 * of them reach a secured cluster alike.
 */
public final class KafkaConfigOption {
  private static final Logger log = LoggerFactory.getLogger(KafkaConfigOption.class);

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.mechanism, sasl.jaas.config, ssl.*, "
              + "timeouts) applied to every Kafka client of this command: Streams, producers, "
              + "consumers and admin clients. Properties Likeness sets itself (bootstrap.servers, "
              + "client.id, serializers, acks, enable.idempotence, group and transactional ids, "
              + "isolation.level...) are refused. README: Kafka security.")
  Path file;

  private KafkaClientSettings settings;

  /**
   * The settings from the file, read once (and logged with secrets hidden); none without the
   * option.
   *
   * @throws ParameterException if the file cannot be read or sets a reserved property
   */
  public synchronized KafkaClientSettings settings() {
    if (settings == null) {
      settings = file == null || file.toString().isBlank() ? KafkaClientSettings.none() : load();
    }
    return settings;
  }

  private KafkaClientSettings load() {
    KafkaClientSettings loaded;
    try {
      loaded = KafkaClientSettings.load(file);
    } catch (RuntimeException e) {
      String message = "--kafka-config: " + e.getMessage();
      if (command == null || command.commandLine() == null) {
        throw new IllegalArgumentException(message, e);
      }
      throw new ParameterException(command.commandLine(), message, e);
    }
    log.info("Kafka client settings from {}: {}", file, loaded);
    if (!loaded.unknown().isEmpty()) {
      log.warn(
          "{} sets properties no Kafka client knows, passed on as given (typos?): {}",
          file,
          loaded.unknown());
    }
    return loaded;
  }
}
