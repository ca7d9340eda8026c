package dev.likeness.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The image of a request: the {@code image} part of a multipart form, or the raw body, with the
 * form's other fields.
 *
 * @param bytes the image bytes
 * @param fileName the uploaded file name, or empty
 * @param contentType the declared content type, or empty
 * @param fields the other form fields
 */
public record UploadedImage(byte[] bytes, String fileName, String contentType, Map<String, String> fields) {

  /** Reads the image of the request; a 400 if there is none. */
  public static Future<UploadedImage> read(Vertx vertx, RoutingContext ctx) {
    String type = ctx.request().getHeader("content-type");
    boolean multipart = type != null && type.toLowerCase().startsWith("multipart/form-data");
    if (multipart) {
      Map<String, String> fields = new LinkedHashMap<>();
      ctx.request().formAttributes().forEach(e -> fields.put(e.getKey(), e.getValue()));
      FileUpload upload = ctx.fileUploads().stream().filter(f -> f.name().equals("image")).findFirst().orElse(null);
      if (upload == null) {
        return Future.failedFuture(ApiException.badRequest(
            "no image: send the file in a multipart field named 'image', or as the raw request body"));
      }
      return vertx.fileSystem().readFile(upload.uploadedFileName())
          .map(buf -> new UploadedImage(buf.getBytes(), upload.fileName(), upload.contentType(), fields));
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return Future.failedFuture(ApiException.badRequest(
          "no image: send the file as the raw request body, or in a multipart field named 'image'"));
    }
    return Future.succeededFuture(new UploadedImage(body.getBytes(), "", type == null ? "" : type, Map.of()));
  }
}
