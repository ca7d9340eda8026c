package dev.likeness.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The image of a request: the {@code image} part of a multipart form, or the raw body, with the
 * form's other fields. {@link ImageBodyHandler} reads it.
 *
 * @param bytes the image bytes
 * @param fileName the uploaded file name, or empty
 * @param contentType the declared content type, or empty
 * @param fields the other form fields
 */
public record UploadedImage(
    byte[] bytes, String fileName, String contentType, Map<String, String> fields) {

  /** Reads the image of the request; a 400 if there is none. */
  public static Future<UploadedImage> read(RoutingContext ctx) {
    UploadedImage image = ctx.get(ImageBodyHandler.UPLOAD_KEY);
    if (image == null || image.bytes().length == 0) {
      return Future.failedFuture(
          ApiException.badRequest(
              "no image: send the file as the raw request body, or in a multipart field named 'image'"));
    }
    return Future.succeededFuture(image);
  }

  /**
   * Like {@link #read(RoutingContext)}; the body is already in memory, so nothing runs on {@code
   * vertx}.
   */
  public static Future<UploadedImage> read(Vertx vertx, RoutingContext ctx) {
    return read(ctx);
  }
}
