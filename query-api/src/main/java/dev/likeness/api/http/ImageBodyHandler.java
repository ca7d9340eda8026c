package dev.likeness.api.http;

import dev.likeness.api.limit.RefusalReason;
import dev.likeness.api.limit.Refusals;
import dev.likeness.api.limit.RequestLimits;
import dev.likeness.contract.record.MetadataLimits;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.ErrorDataDecoderException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooLongFormFieldException;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.TooManyFormFieldsException;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the body of an image request into memory: a raw image (typed {@code image/*} or {@code
 * application/octet-stream}), or a multipart form whose {@code image} part is kept with the form's
 * text fields. The result is what {@link UploadedImage#read} returns.
 *
 * <p>The form is decoded here ({@link MultipartForm}) rather than by Vert.x, so that a body the
 * decoder fails on, however it fails, is answered 400 instead of losing its connection.
 *
 * <p>Nothing is spooled to disk (the image limit is 16 MiB by default, and the image is read whole
 * before decoding anyway), so no request leaves a file behind however it ends. A body that is not
 * complete within the body timeout (a multipart form whose closing boundary never comes) is
 * answered 408 and its connection closed; a complete body whose form stops inside a part is
 * answered 400. After an early error the rest of the body is read and dropped, so the client sees
 * the answer, until the body timeout closes the connection.
 */
public final class ImageBodyHandler implements Handler<RoutingContext> {
  /** How long a client has, from its request's headers, to send the whole body, by default. */
  public static final Duration DEFAULT_TIMEOUT = RequestLimits.DEFAULT_BODY_TIMEOUT;

  /** Where the body read is kept in the routing context. */
  static final String UPLOAD_KEY = "likeness.upload";

  /** The multipart part that carries the image. */
  static final String IMAGE_PART = "image";

  private static final String HOW_TO_SEND =
      "send the image as the raw body with 'Content-Type: application/octet-stream'"
          + " (or its image type, such as image/jpeg), or as the multipart/form-data field 'image'";

  /**
   * Most file parts a form may have: one image is read, the others are dropped, so more only cost
   * the node parsing.
   */
  public static final int MAX_FILE_PARTS = 8;

  /** How many bodies of the largest size may be held at once, by default. */
  public static final int DEFAULT_BODIES_IN_FLIGHT = 8;

  private final Vertx vertx;
  private final long maxBodyBytes;
  private final Duration timeout;
  private final long maxBytesInFlight;
  // Bytes of bodies held by requests still being read or answered, across all connections.
  private final AtomicLong inFlight = new AtomicLong();

  /**
   * Reads bodies of at most {@code maxBodyBytes} (the image and, for a form, its framing and
   * fields) that arrive within {@code timeout}, holding at most {@code maxBytesInFlight} of all
   * requests' bodies at once: past that, requests are answered 503 with {@code Retry-After}, so
   * that many slow uploads cannot fill the heap.
   */
  public ImageBodyHandler(Vertx vertx, long maxBodyBytes, Duration timeout, long maxBytesInFlight) {
    this.vertx = vertx;
    this.maxBodyBytes = maxBodyBytes;
    this.timeout = timeout;
    this.maxBytesInFlight = maxBytesInFlight;
  }

  /** Bytes of request bodies held now. */
  public long bytesInFlight() {
    return inFlight.get();
  }

  @Override
  public void handle(RoutingContext ctx) {
    new Reading(ctx).start();
  }

  /** The state of one request's body while it arrives. */
  private final class Reading {
    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private Buffer image = Buffer.buffer();
    private String fileName = "";
    private String partType = "";
    private int imageParts;
    private int fileParts;
    private MultipartForm form;
    private long received;
    private long reserved;
    private boolean requestEnded;
    private boolean failed;
    private long timer;

    Reading(RoutingContext ctx) {
      this.ctx = ctx;
      this.request = ctx.request();
    }

    void start() {
      // The body's bytes stay reserved until the answer is sent or the connection is gone.
      ctx.addEndHandler(v -> release());
      timer = vertx.setTimer(timeout.toMillis(), t -> timedOut());
      request.exceptionHandler(this::broken);
      request.endHandler(
          v -> {
            requestEnded = true;
            vertx.cancelTimer(timer);
            if (form != null && !failed) {
              try {
                form.end();
              } catch (RuntimeException e) {
                malformed(e);
              }
            }
            finish();
          });
      String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
      String mediaType = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      boolean multipart = mediaType.equals("multipart/form-data");
      ApiException refused = refusal(type, mediaType, multipart);
      if (refused != null) {
        fail(refused);
      } else if (multipart) {
        try {
          form =
              new MultipartForm(
                  type,
                  HttpServerOptions.DEFAULT_MAX_FORM_FIELDS,
                  HttpServerOptions.DEFAULT_MAX_FORM_BUFFERED_SIZE,
                  HttpServerOptions.DEFAULT_MAX_FORM_ATTRIBUTE_SIZE,
                  this::part);
        } catch (RuntimeException e) {
          malformed(e);
        }
      }
      // Raw bytes of the body, multipart or not: counted against the limit, kept only if raw.
      request.handler(chunk -> data(chunk, multipart));
      if (!failed
          && request.version() != HttpVersion.HTTP_1_0
          && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
        ctx.response().writeContinue();
      }
      request.resume();
    }

    private ApiException refusal(String type, String mediaType, boolean multipart) {
      if (multipart && boundary(type).isEmpty()) {
        return ApiException.badRequest(
            "multipart/form-data without a boundary parameter: let the client library build the "
                + "Content-Type header (for example 'multipart/form-data; boundary=...'), or "
                + HOW_TO_SEND);
      }
      if (!multipart
          && !mediaType.startsWith("image/")
          && !mediaType.equals("application/octet-stream")) {
        return new ApiException(
            415,
            (type == null
                    ? "no Content-Type"
                    : "Content-Type '" + mediaType + "' is not an image type")
                + ": "
                + HOW_TO_SEND);
      }
      long declared = contentLength();
      return declared > maxBodyBytes ? tooLarge("is " + declared) : null;
    }

    private long contentLength() {
      try {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return value == null ? -1 : Long.parseLong(value.strip());
      } catch (NumberFormatException e) {
        return -1;
      }
    }

    private void data(Buffer chunk, boolean multipart) {
      if (failed) {
        return; // drained: the answer is already on its way
      }
      received += chunk.length();
      if (received > maxBodyBytes) {
        fail(tooLarge("is over " + maxBodyBytes));
      } else if (!reserve(chunk.length())) {
        ctx.put(Refusals.REASON_KEY, RefusalReason.BODIES_IN_FLIGHT);
        fail(
            new ApiException(
                503,
                "the node is receiving too many uploads at once ("
                    + maxBytesInFlight
                    + " bytes in flight); retry shortly"));
      } else if (!multipart) {
        image.appendBuffer(chunk);
      } else {
        try {
          form.offer(chunk);
        } catch (RuntimeException e) {
          malformed(e);
        }
      }
    }

    private void part(FileUpload upload) {
      if (++fileParts > MAX_FILE_PARTS) {
        ctx.put(Refusals.REASON_KEY, RefusalReason.TOO_MANY_PARTS);
        fail(
            new ApiException(
                413,
                "the form has more than "
                    + MAX_FILE_PARTS
                    + " file parts; send the image as the one part named '"
                    + IMAGE_PART
                    + "'"));
      }
      if (!failed && upload.getName().equals(IMAGE_PART) && ++imageParts == 1) {
        fileName = upload.getFilename() == null ? "" : upload.getFilename();
        partType = upload.getContentType() == null ? "" : upload.getContentType();
        image = Buffer.buffer(ByteBufUtil.getBytes(upload.content()));
      }
    }

    private boolean reserve(int bytes) {
      if (inFlight.addAndGet(bytes) > maxBytesInFlight) {
        inFlight.addAndGet(-bytes);
        return false;
      }
      reserved += bytes;
      return true;
    }

    private void release() {
      inFlight.addAndGet(-reserved);
      reserved = 0;
      if (form != null) {
        form.close();
      }
    }

    /** Passes the body on once the request and every part have ended. */
    private void finish() {
      if (failed || !requestEnded) {
        return;
      }
      if (form != null && !form.complete()) {
        // The whole body is here: a form without its closing boundary will never be complete.
        fail(
            ApiException.badRequest(
                "the multipart/form-data body ends inside a part: its closing boundary is missing; "
                    + HOW_TO_SEND));
        return;
      }
      vertx.cancelTimer(timer);
      Map<String, String> fields = new LinkedHashMap<>();
      if (form != null) {
        if (imageParts > 1) {
          fail(
              ApiException.badRequest(
                  "the form has "
                      + imageParts
                      + " parts named 'image'; send one image per request"));
          return;
        }
        MultiMap attributes = form.fields();
        try {
          for (String name : attributes.names()) {
            fields.put(name, RequestUrl.single(attributes, name, "form field"));
          }
        } catch (ApiException e) {
          fail(e);
          return;
        }
      }
      String type = form != null ? partType : request.getHeader(HttpHeaders.CONTENT_TYPE);
      ctx.put(
          UPLOAD_KEY,
          new UploadedImage(image.getBytes(), fileName, type == null ? "" : type, fields));
      ctx.next();
    }

    /** The request failed: the client went away, or its stream broke. */
    private void broken(Throwable cause) {
      if (cause instanceof HttpClosedException || ctx.response().closed()) {
        vertx.cancelTimer(timer);
        failed = true; // nobody to answer; the buffers go with this object
        release();
        return;
      }
      fail(ApiException.badRequest("the request body could not be read; " + HOW_TO_SEND));
    }

    /** The form decoder failed on the body. */
    private void malformed(RuntimeException cause) {
      // The decoder's messages quote the body: name the problem, never the bytes.
      if (cause instanceof TooManyFormFieldsException) {
        ctx.put(Refusals.REASON_KEY, RefusalReason.TOO_MANY_PARTS);
        fail(
            new ApiException(
                413,
                "the form has more than "
                    + HttpServerOptions.DEFAULT_MAX_FORM_FIELDS
                    + " fields; metadata is limited to "
                    + MetadataLimits.MAX_ENTRIES
                    + " entries"));
      } else if (isAttributeTooLarge(cause)) {
        fail(
            new ApiException(
                413,
                "a form field is larger than "
                    + HttpServerOptions.DEFAULT_MAX_FORM_ATTRIBUTE_SIZE
                    + " bytes, the limit per field; metadata values are limited to "
                    + MetadataLimits.MAX_VALUE_BYTES
                    + " bytes"));
      } else if (cause instanceof ErrorDataDecoderException
          || cause instanceof TooLongFormFieldException) {
        // Among these: no boundary or part header where one must be (raw bytes under a multipart
        // type).
        fail(
            ApiException.badRequest(
                "the body is not a well-formed multipart/form-data body; " + HOW_TO_SEND));
      } else {
        // Exceptions the decoder does not declare: Netty 4.2.9 indexes past the end of a part
        // header parameter that has no '=' (ArrayIndexOutOfBoundsException).
        fail(
            ApiException.badRequest(
                "the multipart/form-data body is malformed: a part header could not be read"
                    + " (a parameter without a value, for example); each parameter is name=value,"
                    + " as in 'Content-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"'"));
      }
    }

    private void fail(ApiException e) {
      if (failed) {
        return;
      }
      failed = true;
      image = Buffer.buffer(); // let a refused body go at once
      release();
      ErrorResponses.send(ctx, e.status(), e.getMessage());
      if (requestEnded) {
        vertx.cancelTimer(timer);
      }
    }

    private void timedOut() {
      if (requestEnded || ctx.response().closed()) {
        return;
      }
      if (!failed) {
        failed = true;
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ErrorResponses.send(
            ctx,
            408,
            "the request body was not complete after "
                + timeout.toSeconds()
                + " s; send the whole body (a multipart form ends with its closing boundary)");
      }
      // The client still owes part of its body: nothing else can follow on this connection.
      if (request.version() == HttpVersion.HTTP_2) {
        ctx.response().reset();
      } else {
        request.connection().close();
      }
    }

    private ApiException tooLarge(String size) {
      return new ApiException(
          413,
          "the request body "
              + size
              + " bytes; the limit is "
              + maxBodyBytes
              + " (the image and the form around it)");
    }
  }

  /** The multipart boundary of a Content-Type header, or empty. */
  static String boundary(String contentType) {
    for (String param : contentType.split(";")) {
      String[] kv = param.split("=", 2);
      if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("boundary")) {
        String value = kv[1].strip();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1)
            : value;
      }
    }
    return "";
  }

  // Vert.x enforces its form attribute size inside Netty's decoder, which reports it as a decoding
  // error.
  private static boolean isAttributeTooLarge(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("exceed allowed maximum capacity")) {
        return true;
      }
    }
    return false;
  }
}
