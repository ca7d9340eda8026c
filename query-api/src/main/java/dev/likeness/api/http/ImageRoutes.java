package dev.likeness.api.http;

import dev.likeness.api.search.FanOutSearch;
import dev.likeness.api.search.SearchJson;
import dev.likeness.contract.image.ImageFormat;
import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.contract.record.ImageHeaders;
import dev.likeness.contract.record.ImageId;
import dev.likeness.contract.record.ImageTopic;
import dev.likeness.contract.record.ImageUpload;
import dev.likeness.contract.record.PublishResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Publishing, deleting and describing images: {@code /images} and {@code /images/:id}. */
public final class ImageRoutes {
  private final Vertx vertx;
  private final ImageTopic publisher;
  private final FanOutSearch search;
  private final int maxImageBytes;

  /** Publishes through {@code publisher}; reads through {@code search}. */
  public ImageRoutes(Vertx vertx, ImageTopic publisher, FanOutSearch search, int maxImageBytes) {
    this.vertx = vertx;
    this.publisher = publisher;
    this.search = search;
    this.maxImageBytes = maxImageBytes;
  }

  /** {@code POST /images}: 202 with the id once the image is durably in the images topic. */
  public void publish(RoutingContext ctx) {
    UploadedImage.read(vertx, ctx)
        .compose(
            img ->
                Future.fromCompletionStage(
                    publisher.publish(toUpload(ctx, img)), vertx.getOrCreateContext()))
        .onSuccess(r -> accepted(ctx, r, "published"))
        .onFailure(ctx::fail);
  }

  /** {@code DELETE /images/:id}: 202 once the tombstone is durably in the images topic. */
  public void delete(RoutingContext ctx) {
    String id = validId(ctx.pathParam("id"));
    Future.fromCompletionStage(publisher.delete(id), vertx.getOrCreateContext())
        .onSuccess(r -> accepted(ctx, r, "deleted"))
        .onFailure(ctx::fail);
  }

  /** {@code GET /images/:id}: what the index holds about the image; 404 if unknown. */
  public void describe(RoutingContext ctx) {
    String id = validId(ctx.pathParam("id"));
    search
        .record(id)
        .map(
            r ->
                r.orElseThrow(() -> ApiException.notFound("no indexed image with id '" + id + "'")))
        .onSuccess(
            rec ->
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end(SearchJson.image(id, rec).encode()))
        .onFailure(ctx::fail);
  }

  /** {@code GET /images/:id/thumbnail}: the stored JPEG thumbnail. */
  public void thumbnail(RoutingContext ctx) {
    String id = validId(ctx.pathParam("id"));
    search
        .record(id)
        .onSuccess(
            r -> {
              Optional<byte[]> thumb =
                  r.filter(FeatureRecord::hasThumbnail).map(FeatureRecord::thumbnail);
              if (thumb.isEmpty()) {
                ErrorResponses.send(ctx, 404, "no thumbnail for id '" + id + "'");
                return;
              }
              ctx.response()
                  .putHeader("content-type", "image/jpeg")
                  .putHeader("cache-control", "max-age=60")
                  .end(Buffer.buffer(thumb.get()));
            })
        .onFailure(ctx::fail);
  }

  private ImageUpload toUpload(RoutingContext ctx, UploadedImage img) {
    byte[] bytes = img.bytes();
    if (bytes.length > maxImageBytes) {
      throw new ApiException(
          413, "image is " + bytes.length + " bytes; the limit is " + maxImageBytes);
    }
    Optional<ImageFormat> format = ImageFormat.sniff(bytes);
    if (format.isEmpty()) {
      throw new ApiException(
          415, "not an image: the bytes are none of JPEG, PNG, GIF, BMP, WebP or TIFF");
    }
    String queryId = RequestUrl.param(ctx, "id");
    String id = img.fields().getOrDefault("id", queryId);
    if (img.fields().containsKey("id") && queryId != null) {
      throw ApiException.badRequest(
          "the id is given both as form field and as query parameter; give it once");
    }
    id = id == null || id.isEmpty() ? sha256(bytes) : validId(id);
    Map<String, String> meta = new LinkedHashMap<>();
    img.fields()
        .forEach(
            (k, v) -> {
              if (k.startsWith(ImageHeaders.META_PREFIX)) {
                meta.put(k.substring(ImageHeaders.META_PREFIX.length()), v);
              }
            });
    for (String name : ctx.queryParams().names()) {
      if (name.startsWith(ImageHeaders.META_PREFIX)) {
        String key = name.substring(ImageHeaders.META_PREFIX.length());
        if (meta.containsKey(key)) {
          throw ApiException.badRequest(
              "metadata '"
                  + key
                  + "' is given both as form field and as query parameter; give it once");
        }
        meta.put(key, RequestUrl.param(ctx, name));
      }
    }
    String querySource = RequestUrl.param(ctx, "source");
    String source = !img.fileName().isEmpty() ? img.fileName() : querySource;
    String contentType =
        img.contentType().isEmpty() || img.contentType().startsWith("application/octet-stream")
            ? format.get().mimeType()
            : img.contentType();
    return new ImageUpload(
        id, bytes, contentType, source == null ? "" : source, meta, System.currentTimeMillis());
  }

  private static void accepted(RoutingContext ctx, PublishResult r, String what) {
    ctx.response()
        .setStatusCode(202)
        .putHeader("content-type", "application/json")
        .end(
            new JsonObject()
                .put("id", r.id())
                .put("status", what)
                .put("partition", r.partition())
                .put("offset", r.offset())
                .encode());
  }

  static String validId(String id) {
    try {
      return ImageId.validate(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad image id: " + e.getMessage());
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
