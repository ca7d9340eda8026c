package dev.likeness.contract.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Resolves named settings ({@code bootstrap-servers}, {@code http-port}, ...) from the environment
 * and an optional properties file, so every command and node reads configuration the same way.
 *
 * <p>Order: environment variable {@code LIKENESS_<NAME>} (upper case, {@code -} becomes {@code _}),
 * then the properties file (keys are the setting names), else absent. Command-line flags sit above
 * both; that layering belongs to the command parser, not here.
 *
 * <p>The file is {@code $LIKENESS_CONFIG} if set (it must then exist: a typo should not silently
 * fall back to defaults), else {@code ./likeness.properties} if it exists.
 */
public final class ConfigResolver {
  /** Prefix of the environment variables that carry settings. */
  public static final String ENV_PREFIX = "LIKENESS_";

  /** Environment variable naming the properties file. */
  public static final String CONFIG_ENV = "LIKENESS_CONFIG";

  /** Properties file read when {@link #CONFIG_ENV} is not set and this file exists. */
  public static final Path DEFAULT_FILE = Path.of("likeness.properties");

  private final Map<String, String> env;
  private final Path file;
  private final Properties properties;

  /**
   * ConfigResolver from the given environment and properties file.
   *
   * @param env environment variables, e.g. {@code System.getenv()}
   * @param file properties file to read, or null for none
   * @throws IllegalArgumentException if the file is given but cannot be read
   */
  public ConfigResolver(Map<String, String> env, Path file) {
    this.env = Map.copyOf(env);
    this.file = file;
    this.properties = file == null ? new Properties() : read(file);
  }

  /**
   * ConfigResolver of this process: {@code System.getenv()} and the file it names or the default
   * file.
   */
  public static ConfigResolver system() {
    return load(System.getenv(), Path.of(""));
  }

  /**
   * ConfigResolver from an environment, finding the file as described on the class: {@code
   * LIKENESS_CONFIG} (relative to {@code workingDir}) or {@code likeness.properties} in {@code
   * workingDir} if it exists.
   */
  public static ConfigResolver load(Map<String, String> env, Path workingDir) {
    String named = env.get(CONFIG_ENV);
    if (named != null && !named.isBlank()) {
      return new ConfigResolver(env, workingDir.resolve(named.trim()));
    }
    Path fallback = workingDir.resolve(DEFAULT_FILE);
    return new ConfigResolver(env, Files.isRegularFile(fallback) ? fallback : null);
  }

  /** The value of a setting, or empty if neither the environment nor the file has it. */
  public Optional<String> get(String name) {
    String fromEnv = env.get(envName(name));
    // An exported but empty variable is how shells "unset" things in compose files; treat as
    // absent.
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return Optional.of(fromEnv);
    }
    String fromFile = properties.getProperty(name);
    return fromFile == null || fromFile.isBlank() ? Optional.empty() : Optional.of(fromFile.trim());
  }

  /** The properties file in use, if any. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /**
   * The environment variable for a setting: {@code http-port} becomes {@code LIKENESS_HTTP_PORT}.
   */
  public static String envName(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("setting name must not be empty");
    }
    return ENV_PREFIX + name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  private static Properties read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "settings file "
              + file.toAbsolutePath()
              + " does not exist; fix "
              + CONFIG_ENV
              + " or create the file");
    }
    Properties p = new Properties();
    // UTF-8 rather than the ISO-8859-1 of Properties.load(InputStream): values may hold paths.
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read settings file " + file.toAbsolutePath(), e);
    }
    return p;
  }
}
