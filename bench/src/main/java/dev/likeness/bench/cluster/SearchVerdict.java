package dev.likeness.bench.cluster;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** What a search by id answered, from the point of view of someone relying on it. */
enum SearchVerdict {
  /** 200, every partition answered from its active store, and the image found itself. */
  COMPLETE,
  /** 200 and every partition covered, some from a standby that may lag behind. */
  STALE,
  /** 200 but some partitions did not answer. */
  PARTIAL,
  /** No 200, no answer at all, or an answer that does not hold the image searched for. */
  FAILED;

  /**
   * Classifies one answer to {@code GET /search?id=ID}.
   *
   * @return the verdict and how often the image itself is among the hits (more than once means it
   *     is indexed twice)
   */
  static Classified classify(NodeClient.Answer answer, String id) {
    if (answer.status() != 200) {
      return new Classified(FAILED, 0, "status " + answer.status() + ": " + brief(answer.body()));
    }
    JsonObject json;
    try {
      json = new JsonObject(answer.body());
    } catch (DecodeException | ClassCastException e) {
      return new Classified(FAILED, 0, "not JSON: " + brief(answer.body()));
    }
    // The answer names its hits "matches"; "hits" is accepted too.
    JsonArray hits = json.getJsonArray("matches", json.getJsonArray("hits", new JsonArray()));
    int self = 0;
    for (int i = 0; i < hits.size(); i++) {
      if (hits.getValue(i) instanceof JsonObject hit && id.equals(hit.getString("id"))) {
        self++;
      }
    }
    if (json.getBoolean("partial", false)) {
      return new Classified(PARTIAL, self, "missing " + json.getValue("missingPartitions"));
    }
    if (self == 0) {
      return new Classified(FAILED, 0, "the image did not find itself");
    }
    if (json.getBoolean("stale", false)) {
      return new Classified(STALE, self, "stale " + json.getValue("stalePartitions"));
    }
    return new Classified(COMPLETE, self, "");
  }

  private static String brief(String body) {
    String flat = body == null ? "" : body.replaceAll("\\s+", " ");
    return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
  }

  /**
   * @param verdict the verdict
   * @param selfHits how many hits are the image searched for
   * @param detail why, when not complete
   */
  record Classified(SearchVerdict verdict, int selfHits, String detail) {}
}
