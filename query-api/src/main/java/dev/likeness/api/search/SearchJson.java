package dev.likeness.api.search;

import dev.likeness.contract.hash.Dihedral;
import dev.likeness.contract.hash.Hash256;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.FeatureRecordCodec;
import dev.likeness.core.geometry.Similarity;
import dev.likeness.core.match.MatchHit;
import dev.likeness.core.match.MatchPath;
import dev.likeness.indexer.store.ListedImage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.geom.Rectangle2D;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** JSON shapes of search hits and image metadata, public and between instances. */
public final class SearchJson {
  private SearchJson() {}

  /** The public description of an indexed image. */
  public static JsonObject image(String id, FeatureRecord r) {
    JsonObject o =
        new JsonObject()
            .put("id", id)
            .put("width", r.width())
            .put("height", r.height())
            .put("format", r.format())
            .put("contentType", r.contentType())
            .put("source", r.source())
            .put("uploadedAt", r.uploadedAt())
            .put("indexedAt", r.indexedAt())
            .put("metadata", new JsonObject(new LinkedHashMap<>(r.metadata())))
            .put("pdq", r.hashes().original().toHex())
            .put("quality", r.hashes().quality())
            .put("extractorVersion", r.extractorVersion());
    if (r.width() > 0) { // images, not bare imported hashes, have a thumbnail
      o.put("thumbnail", thumbnailPath(id));
    }
    return o;
  }

  /**
   * A hit as the public API shows it: the score ({@code distance}, on the PDQ scale whatever the
   * path), the {@code path} that matched, then either the query's dihedral {@code form} (whole
   * image, bands) or the estimated {@code transform} and the {@code region} of the indexed image
   * the query shows (keypoints), then the image.
   */
  public static JsonObject hit(SearchHit h) {
    MatchHit m = h.match();
    JsonObject o =
        new JsonObject()
            .put("id", h.id())
            .put("distance", h.distance())
            .put("similarity", Math.round(h.similarity() * 1000) / 1000.0)
            .put("path", m.path().name().toLowerCase(Locale.ROOT));
    if (m.form() != null) {
      o.put("form", m.form().label());
    }
    if (m.wholeDistance() >= 0) {
      o.put("wholeDistance", m.wholeDistance());
    }
    if (m.transform() != null) {
      Similarity t = m.transform();
      // The transform maps the query onto the indexed image: its scale is indexed/query size.
      o.put(
          "transform",
          new JsonObject()
              .put("scale", round3(t.scale()))
              .put("rotationDegrees", round3(Math.toDegrees(t.rotation())))
              .put("mirrored", t.mirrored())
              .put("inliers", m.inliers()));
    }
    if (m.region() != null) {
      Rectangle2D r = m.region();
      o.put(
          "region",
          new JsonObject()
              .put("x", round3(r.getX()))
              .put("y", round3(r.getY()))
              .put("width", round3(r.getWidth()))
              .put("height", round3(r.getHeight())));
    }
    JsonObject img = image(h.id(), h.record());
    img.remove("id");
    return o.mergeIn(img);
  }

  /** Path of an image's thumbnail. */
  public static String thumbnailPath(String id) {
    return "/images/"
        + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20")
        + "/thumbnail";
  }

  /**
   * A hit as one instance sends it to another: the match in full, the record in its binary form.
   */
  public static JsonObject internalHit(SearchHit h) {
    MatchHit m = h.match();
    JsonObject o =
        new JsonObject()
            .put("id", h.id())
            .put("score", m.score())
            .put("path", m.path().name())
            .put("wholeDistance", m.wholeDistance())
            .put("inliers", m.inliers())
            .put(
                "record",
                Base64.getEncoder()
                    .encodeToString(FeatureRecordCodec.encode(h.record().withoutPayload())));
    if (m.form() != null) {
      o.put("form", m.form().name());
    }
    if (m.transform() != null) {
      Similarity t = m.transform();
      o.put(
          "transform",
          new JsonArray().add(t.a()).add(t.b()).add(t.tx()).add(t.ty()).add(t.mirrored()));
    }
    if (m.region() != null) {
      Rectangle2D r = m.region();
      o.put(
          "region",
          new JsonArray().add(r.getX()).add(r.getY()).add(r.getWidth()).add(r.getHeight()));
    }
    return o;
  }

  /** Reads hits sent by {@link #internalHit}. */
  public static List<SearchHit> internalHits(JsonArray array) {
    List<SearchHit> hits = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject o = array.getJsonObject(i);
      JsonArray t = o.getJsonArray("transform");
      JsonArray r = o.getJsonArray("region");
      String form = o.getString("form");
      MatchHit m =
          MatchHit.builder(
                  o.getString("id"), MatchPath.valueOf(o.getString("path")), o.getInteger("score"))
              .wholeDistance(o.getInteger("wholeDistance"))
              .fit(
                  o.getInteger("inliers"),
                  t == null
                      ? null
                      : new Similarity(
                          t.getDouble(0),
                          t.getDouble(1),
                          t.getDouble(2),
                          t.getDouble(3),
                          t.getBoolean(4)),
                  r == null
                      ? null
                      : new Rectangle2D.Double(
                          r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3)))
              .form(form == null ? null : Dihedral.valueOf(form))
              .build();
      hits.add(
          new SearchHit(
              m, FeatureRecordCodec.decode(Base64.getDecoder().decode(o.getString("record")))));
    }
    return hits;
  }

  /** An instance's answer for the partitions it was asked, as it sends it to another. */
  public static JsonObject internalAnswers(PartitionAnswers a) {
    JsonArray hits = new JsonArray();
    a.hits().forEach(h -> hits.add(internalHit(h)));
    JsonObject stale = new JsonObject();
    a.stale().forEach((p, lag) -> stale.put(Integer.toString(p), lag));
    JsonObject failed = new JsonObject();
    a.failed().forEach((p, why) -> failed.put(Integer.toString(p), why));
    return new JsonObject()
        .put("hits", hits)
        .put("fresh", new JsonArray(List.copyOf(a.fresh())))
        .put("stale", stale)
        .put("failed", failed);
  }

  /** Reads an answer sent by {@link #internalAnswers}. */
  public static PartitionAnswers internalAnswers(JsonObject o) {
    Set<Integer> fresh = new TreeSet<>();
    o.getJsonArray("fresh", new JsonArray()).forEach(p -> fresh.add(((Number) p).intValue()));
    Map<Integer, Long> stale = new TreeMap<>();
    o.getJsonObject("stale", new JsonObject())
        .forEach(e -> stale.put(Integer.parseInt(e.getKey()), ((Number) e.getValue()).longValue()));
    Map<Integer, String> failed = new TreeMap<>();
    o.getJsonObject("failed", new JsonObject())
        .forEach(e -> failed.put(Integer.parseInt(e.getKey()), String.valueOf(e.getValue())));
    return new PartitionAnswers(internalHits(o.getJsonArray("hits")), fresh, stale, failed);
  }

  /** An instance's listing of the partitions it was asked, as it sends it to another. */
  public static JsonObject internalListing(PartitionListing listing) {
    JsonArray images = new JsonArray();
    for (ListedImage image : listing.images()) {
      images.add(
          new JsonObject()
              .put("id", image.id())
              .put("record", FeatureRecordCodec.encode(image.record().withoutPayload())));
    }
    JsonObject failed = new JsonObject();
    listing.failed().forEach((p, why) -> failed.put(Integer.toString(p), why));
    return new JsonObject()
        .put("images", images)
        .put("stale", new JsonArray(List.copyOf(new TreeSet<>(listing.stale()))))
        .put("failed", failed);
  }

  /** Reads a listing sent by {@link #internalListing(PartitionListing)}. */
  public static PartitionListing internalListing(JsonObject o) {
    List<ListedImage> images = new ArrayList<>();
    JsonArray array = o.getJsonArray("images", new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      JsonObject image = array.getJsonObject(i);
      images.add(
          new ListedImage(
              image.getString("id"),
              FeatureRecordCodec.decodeWithoutPayload(image.getBinary("record"))));
    }
    Set<Integer> stale = new TreeSet<>();
    o.getJsonArray("stale", new JsonArray()).forEach(p -> stale.add(((Number) p).intValue()));
    Map<Integer, String> failed = new TreeMap<>();
    o.getJsonObject("failed", new JsonObject())
        .forEach(e -> failed.put(Integer.parseInt(e.getKey()), String.valueOf(e.getValue())));
    return new PartitionListing(images, stale, failed);
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Query forms as hex strings. */
  public static JsonArray forms(List<Hash256> forms) {
    JsonArray a = new JsonArray();
    forms.forEach(f -> a.add(f.toHex()));
    return a;
  }

  /** Reads query forms written by {@link #forms}. */
  public static List<Hash256> forms(JsonArray a) {
    List<Hash256> forms = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      forms.add(Hash256.fromHex(a.getString(i)));
    }
    return forms;
  }
}
