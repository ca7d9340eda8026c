package dev.likeness.contract.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The Kafka client properties an operator gives every client Likeness makes ({@code --kafka-config
 * FILE}): how to reach a secured cluster ({@code security.protocol}, {@code sasl.*}, {@code ssl.*})
 * and client tunings. Streams, producers, consumers and admin clients all start from them.
 *
 * <p>The properties Likeness owns ({@link #RESERVED}: the servers, serializers, group and
 * transactional identities, delivery guarantees) are refused when the file is read, rather than
 * silently overridden or silently obeyed: each has its own flag or is fixed for correctness.
 * Everything else is applied over Likeness' own defaults for each client.
 *
 * <p>{@link #toString()} masks secrets, so these settings may be logged.
 */
public final class KafkaClientSettings {
  /** Properties Likeness sets itself, with what to use instead. */
  public static final Map<String, String> RESERVED = reserved();

  private static final String HIDDEN = "[hidden]";
  private static final KafkaClientSettings NONE = new KafkaClientSettings(Map.of(), null);

  private final Map<String, String> properties;
  private final Path source;

  private KafkaClientSettings(Map<String, String> properties, Path source) {
    this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    this.source = source;
  }

  /** No extra properties: plaintext connections with Kafka's defaults. */
  public static KafkaClientSettings none() {
    return NONE;
  }

  /**
   * Settings from given properties.
   *
   * @throws IllegalArgumentException naming a {@link #RESERVED} property
   */
  public static KafkaClientSettings of(Map<String, String> properties) {
    return new KafkaClientSettings(checked(properties, "the Kafka client settings"), null);
  }

  /**
   * Settings read from a Java properties file (UTF-8).
   *
   * @throws IllegalArgumentException if the file cannot be read or sets a {@link #RESERVED}
   *     property
   */
  public static KafkaClientSettings load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "Kafka client settings file " + file.toAbsolutePath() + " does not exist");
    }
    Properties read = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      read.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read Kafka client settings file " + file.toAbsolutePath(), e);
    }
    Map<String, String> properties = new LinkedHashMap<>();
    read.stringPropertyNames().forEach(k -> properties.put(k.trim(), read.getProperty(k).trim()));
    return new KafkaClientSettings(checked(properties, file.toAbsolutePath().toString()), file);
  }

  private static Map<String, String> checked(Map<String, String> properties, String where) {
    List<String> refused =
        properties.keySet().stream().filter(RESERVED::containsKey).sorted().toList();
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(
          where
              + " sets properties Likeness owns: "
              + refused.stream()
                  .map(k -> k + " (" + RESERVED.get(k) + ")")
                  .collect(Collectors.joining("; "))
              + ". Remove them from the file.");
    }
    return properties;
  }

  /** The file these settings were read from, if any. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  /** Whether there is nothing to apply. */
  public boolean isEmpty() {
    return properties.isEmpty();
  }

  /** The protocol clients speak to the brokers: {@code security.protocol}, else PLAINTEXT. */
  public String securityProtocol() {
    return properties
        .getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT")
        .toUpperCase(Locale.ROOT);
  }

  /** Every property as given, for clients that pass them on (Kafka Streams). */
  public Map<String, String> all() {
    return properties;
  }

  /** The properties an admin client understands, plus any Kafka does not know (plug-ins). */
  public Map<String, String> forAdmin() {
    return understoodBy(AdminClientConfig.configNames());
  }

  /** The properties a producer understands, plus any Kafka does not know (plug-ins). */
  public Map<String, String> forProducer() {
    return understoodBy(ProducerConfig.configNames());
  }

  /** The properties a consumer understands, plus any Kafka does not know (plug-ins). */
  public Map<String, String> forConsumer() {
    return understoodBy(ConsumerConfig.configNames());
  }

  /**
   * Admin client properties: these settings over {@code defaults}, and the servers. The defaults
   * are the tunings of one client (timeouts, client id).
   */
  public Map<String, Object> admin(String bootstrapServers, Map<String, ?> defaults) {
    Map<String, Object> p = new LinkedHashMap<>(defaults);
    p.putAll(forAdmin());
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return p;
  }

  /** Admin client properties with Kafka's defaults: these settings and the servers. */
  public Map<String, Object> admin(String bootstrapServers) {
    return admin(bootstrapServers, Map.of());
  }

  /** Properties Kafka does not know: passed on as given, since a plug-in may read them. */
  public Set<String> unknown() {
    return properties.keySet().stream()
        .filter(k -> !KNOWN.contains(k))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private Map<String, String> understoodBy(Set<String> names) {
    Map<String, String> p = new LinkedHashMap<>();
    properties.forEach(
        (k, v) -> {
          if (names.contains(k) || !KNOWN.contains(k)) {
            p.put(k, v);
          }
        });
    return p;
  }

  /** {@code key=value, ...} with passwords, key material and JAAS configurations hidden. */
  @Override
  public String toString() {
    if (properties.isEmpty()) {
      return "(none)";
    }
    return properties.entrySet().stream()
        .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) ? HIDDEN : e.getValue()))
        .collect(Collectors.joining(", "));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaClientSettings other && properties.equals(other.properties);
  }

  @Override
  public int hashCode() {
    return properties.hashCode();
  }

  /**
   * Kafka types its secrets as passwords ({@code sasl.jaas.config}, {@code ssl.key.password},
   * {@code ssl.keystore.key}...); names alone catch those of plug-ins.
   */
  static boolean isSecret(String key) {
    for (ConfigDef def : DEFS) {
      ConfigDef.ConfigKey known = def.configKeys().get(key);
      if (known != null && known.type == ConfigDef.Type.PASSWORD) {
        return true;
      }
    }
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password")
        || k.contains("secret")
        || k.contains("jaas")
        || k.contains("credential")
        || k.contains("token")
        || k.endsWith(".key");
  }

  private static final List<ConfigDef> DEFS =
      List.of(
          AdminClientConfig.configDef(), ProducerConfig.configDef(), ConsumerConfig.configDef());

  private static final Set<String> KNOWN =
      DEFS.stream().flatMap(d -> d.names().stream()).collect(Collectors.toUnmodifiableSet());

  private static Map<String, String> reserved() {
    Map<String, String> r = new LinkedHashMap<>();
    r.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "use --bootstrap-servers");
    r.put(CommonClientConfigs.CLIENT_ID_CONFIG, "Likeness names each client");
    r.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "fixed by the record format");
    r.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "fixed by the record format");
    r.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "fixed by the record format");
    r.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "fixed by the record format");
    r.put(ProducerConfig.ACKS_CONFIG, "always all: the topic is the source of truth");
    r.put(
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        "always true: a retry must not write an image twice");
    r.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "Kafka Streams sets it for exactly-once");
    r.put(CommonClientConfigs.GROUP_ID_CONFIG, "use --application-id");
    r.put(CommonClientConfigs.GROUP_INSTANCE_ID_CONFIG, "use --instance-id");
    r.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "follows --processing-guarantee");
    r.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "Likeness commits its own offsets");
    r.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "Likeness reads each topic from where it must");
    // Kafka Streams settings are not client settings, but would reach Streams from this file.
    r.put("application.id", "use --application-id");
    r.put("processing.guarantee", "use --processing-guarantee");
    r.put("state.dir", "use --data-dir");
    r.put("application.server", "use --advertised-host and --http-port");
    return Collections.unmodifiableMap(r);
  }
}
