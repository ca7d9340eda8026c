package dev.likeness.api.search;

import dev.likeness.core.hash.Dihedral;
import dev.likeness.core.hash.Hash256;
import dev.likeness.core.record.FeatureRecord;
import dev.likeness.core.record.FeatureRecordCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** JSON shapes of search hits and image metadata, public and between instances. */
public final class SearchJson {
  private SearchJson() {}

  /** The public description of an indexed image. */
  public static JsonObject image(String id, FeatureRecord r) {
    JsonObject o = new JsonObject()
        .put("id", id)
        .put("width", r.width())
        .put("height", r.height())
        .put("format", r.format())
        .put("contentType", r.contentType())
        .put("source", r.source())
        .put("uploadedAt", r.uploadedAt())
        .put("indexedAt", r.indexedAt())
        .put("metadata", new JsonObject(new java.util.LinkedHashMap<>(r.metadata())))
        .put("pdq", r.hashes().original().toHex())
        .put("quality", r.hashes().quality())
        .put("extractorVersion", r.extractorVersion());
    if (r.width() > 0) { // images, not bare imported hashes, have a thumbnail
      o.put("thumbnail", thumbnailPath(id));
    }
    return o;
  }

  /** A hit as the public API shows it. */
  public static JsonObject hit(SearchHit h) {
    JsonObject o = new JsonObject()
        .put("id", h.id())
        .put("distance", h.distance())
        .put("similarity", Math.round(h.similarity() * 1000) / 1000.0)
        .put("form", h.form().label());
    JsonObject img = image(h.id(), h.record());
    img.remove("id");
    return o.mergeIn(img);
  }

  /** Path of an image's thumbnail. */
  public static String thumbnailPath(String id) {
    return "/images/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/thumbnail";
  }

  /** A hit as one instance sends it to another: the record travels in its binary form. */
  public static JsonObject internalHit(SearchHit h) {
    FeatureRecord r = h.record();
    FeatureRecord light = r.withoutPayload();
    return new JsonObject()
        .put("id", h.id())
        .put("distance", h.distance())
        .put("form", h.form().name())
        .put("record", Base64.getEncoder().encodeToString(FeatureRecordCodec.encode(light)));
  }

  /** Reads hits sent by {@link #internalHit}. */
  public static List<SearchHit> internalHits(JsonArray array) {
    List<SearchHit> hits = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject o = array.getJsonObject(i);
      hits.add(new SearchHit(o.getString("id"), o.getInteger("distance"), Dihedral.valueOf(o.getString("form")),
          FeatureRecordCodec.decode(Base64.getDecoder().decode(o.getString("record")))));
    }
    return hits;
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
