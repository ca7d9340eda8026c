package dev.likeness.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compose file read as the compose tools read it for the parts docker/ uses: services, their
 * images or builds, their environment (env files first, then {@code environment}), volumes, health
 * checks and dependencies. Env files are resolved relative to the compose file.
 */
public final class ComposeFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JsonNode root;
  private final Path dir;

  private ComposeFile(JsonNode root, Path dir) {
    this.root = root;
    this.dir = dir;
  }

  /** Reads a compose file. */
  public static ComposeFile read(Path file) throws IOException {
    return new ComposeFile(YAML.readTree(file.toFile()), file.toAbsolutePath().getParent());
  }

  /** Reads compose YAML from text, such as the output of {@code docker-compose config}. */
  public static ComposeFile parse(String yaml, Path dir) throws IOException {
    return new ComposeFile(YAML.readTree(yaml), dir);
  }

  /** The service names, in the file's order. */
  public List<String> services() {
    List<String> names = new ArrayList<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private JsonNode service(String name) {
    JsonNode s = root.path("services").path(name);
    if (s.isMissingNode()) {
      throw new IllegalArgumentException("no service " + name);
    }
    return s;
  }

  /** The image a service runs (or tags its build with), if named. */
  public Optional<String> image(String service) {
    return text(service(service).path("image"));
  }

  /** The Dockerfile a service is built from, if it is built. */
  public Optional<Path> dockerfile(String service) {
    JsonNode build = service(service).path("build");
    if (build.isMissingNode()) {
      return Optional.empty();
    }
    Path context =
        dir.resolve(build.isTextual() ? build.asText() : build.path("context").asText("."));
    return Optional.of(context.resolve(build.path("dockerfile").asText("Dockerfile")).normalize());
  }

  /**
   * The environment compose gives a service's container on top of its image's: its env files in
   * order, then its {@code environment} entries.
   */
  public Map<String, String> environment(String service) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (Path file : envFiles(service)) {
      env.putAll(EnvFile.read(file));
    }
    JsonNode entries = service(service).path("environment");
    if (entries.isArray()) {
      for (JsonNode entry : entries) {
        String[] kv = entry.asText().split("=", 2);
        env.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    } else {
      entries.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    return env;
  }

  /** The env files of a service, resolved. */
  public List<Path> envFiles(String service) {
    JsonNode files = service(service).path("env_file");
    List<Path> paths = new ArrayList<>();
    if (files.isTextual()) {
      paths.add(dir.resolve(files.asText()).normalize());
    }
    files.forEach(
        f -> paths.add(dir.resolve(f.isTextual() ? f.asText() : f.path("path").asText())));
    return paths;
  }

  /** The container paths a service mounts volumes at. */
  public List<String> volumeTargets(String service) {
    List<String> targets = new ArrayList<>();
    for (JsonNode v : service(service).path("volumes")) {
      if (v.isTextual()) {
        String[] parts = v.asText().split(":");
        targets.add(parts.length == 1 ? parts[0] : parts[1]);
      } else {
        targets.add(v.path("target").asText());
      }
    }
    return targets;
  }

  /**
   * The container paths of the secrets a service is given: {@code /run/secrets/NAME} unless the
   * long form names a target.
   */
  public List<String> secretTargets(String service) {
    List<String> targets = new ArrayList<>();
    for (JsonNode v : service(service).path("secrets")) {
      String target =
          v.isTextual() ? v.asText() : v.path("target").asText(v.path("source").asText());
      targets.add(target.startsWith("/") ? target : "/run/secrets/" + target);
    }
    return targets;
  }

  /**
   * The services a service waits for, each with its condition ({@code service_started} if none).
   */
  public Map<String, String> dependsOn(String service) {
    JsonNode deps = service(service).path("depends_on");
    Map<String, String> conditions = new LinkedHashMap<>();
    if (deps.isArray()) {
      deps.forEach(d -> conditions.put(d.asText(), "service_started"));
    } else {
      deps.fields()
          .forEachRemaining(
              e ->
                  conditions.put(
                      e.getKey(), e.getValue().path("condition").asText("service_started")));
    }
    return conditions;
  }

  /** A service's own health check, if the compose file gives one. */
  public Optional<JsonNode> healthcheck(String service) {
    JsonNode check = service(service).path("healthcheck");
    return check.isMissingNode() ? Optional.empty() : Optional.of(check);
  }

  private static Optional<String> text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }
}
