package dev.likeness.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboard that ships in {@code docker/}: its PromQL queries and variables. */
final class GrafanaDashboard {
  // Maven runs the tests from the module folder; the dashboard ships in docker/ at the root.
  static final Path FILE = Path.of("..", "docker", "grafana", "dashboards", "likeness.json");
  private static final Pattern SELECTOR = Pattern.compile("([a-z_][a-z0-9_]*)\\{");

  /** One query of a panel. */
  record Query(String panel, String refId, String expr) {
    @Override
    public String toString() {
      return panel + " [" + refId + "]: " + expr;
    }
  }

  private final JsonNode root;

  private GrafanaDashboard(JsonNode root) {
    this.root = root;
  }

  static GrafanaDashboard read() throws IOException {
    return new GrafanaDashboard(new ObjectMapper().readTree(FILE.toFile()));
  }

  /** Every PromQL expression of every panel, rows' nested panels included. */
  List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    collect(root.path("panels"), queries);
    return queries;
  }

  private static void collect(JsonNode panels, List<Query> into) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          into.add(
              new Query(
                  panel.path("title").asText(),
                  target.path("refId").asText(),
                  target.path("expr").asText()));
        }
      }
      collect(panel.path("panels"), into);
    }
  }

  /** The metric names the queries select ({@code name{...}}). */
  Set<String> metricNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Query q : queries()) {
      Matcher m = SELECTOR.matcher(q.expr());
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The template variables: name to the query that lists their values. */
  Map<String, String> variables() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (JsonNode v : root.path("templating").path("list")) {
      JsonNode query = v.path("query");
      variables.put(
          v.path("name").asText(),
          query.isTextual() ? query.asText() : query.path("query").asText());
    }
    return variables;
  }
}
