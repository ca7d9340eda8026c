package dev.likeness.app;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders a search answer as a plain-text table. */
final class MatchTable {
  private MatchTable() {}

  static String render(JsonNode answer) {
    StringBuilder sb = new StringBuilder();
    JsonNode matches = answer.path("matches");
    sb.append(
        String.format(
            "query pdq %s  quality %d  (%s ms%s)%n",
            answer.path("query").path("pdq").asText(),
            answer.path("query").path("quality").asInt(),
            answer.path("tookMs").asText(),
            answer.path("partial").asBoolean() ? ", PARTIAL: some partitions did not answer" : ""));
    if (matches.isEmpty()) {
      sb.append("no matches").append(System.lineSeparator());
      return sb.toString();
    }
    int idWidth = 2;
    for (JsonNode m : matches) {
      idWidth = Math.max(idWidth, Math.min(60, m.path("id").asText().length()));
    }
    String row = "%-4s %-" + idWidth + "s %8s %10s  %-16s %11s%n";
    sb.append(String.format(row, "#", "id", "distance", "similarity", "form", "size"));
    int i = 1;
    for (JsonNode m : matches) {
      String id = m.path("id").asText();
      if (id.length() > 60) {
        id = id.substring(0, 57) + "...";
      }
      sb.append(
          String.format(
              row,
              i++,
              id,
              m.path("distance").asInt(),
              String.format("%.3f", m.path("similarity").asDouble()),
              m.path("form").asText(),
              m.path("width").asInt() + "x" + m.path("height").asInt()));
    }
    return sb.toString();
  }
}
