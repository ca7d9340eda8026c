package dev.likeness.api.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpConstants;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder.EndOfDataDecoderException;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A multipart/form-data body decoded in memory as it arrives, by Netty's decoder run here rather
 * than inside Vert.x: any exception the decoder throws on a malformed body (Netty 4.2.9 throws
 * {@link ArrayIndexOutOfBoundsException} on a part header parameter without {@code =}) reaches the
 * caller, which can answer it, where inside Vert.x it closed the connection unanswered.
 *
 * <p>Each complete file part is handed to the part consumer; text fields are collected. The same
 * limits as Vert.x's form handling apply: at most {@code maxFields} parts, fields of at most {@code
 * maxFieldBytes} each.
 */
final class MultipartForm {
  private final HttpPostRequestDecoder decoder;
  private final Consumer<FileUpload> files;
  private final MultiMap fields = MultiMap.caseInsensitiveMultiMap();
  private boolean complete;
  private boolean closed;

  /**
   * Decodes the body of a request typed {@code contentType} (a multipart type with a boundary).
   *
   * @throws RuntimeException if the decoder refuses the type
   */
  MultipartForm(
      String contentType,
      int maxFields,
      int maxBufferedBytes,
      int maxFieldBytes,
      Consumer<FileUpload> files) {
    HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
    request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    this.decoder =
        new HttpPostRequestDecoder(
            new InMemoryData(maxFieldBytes),
            request,
            HttpConstants.DEFAULT_CHARSET,
            maxFields,
            maxBufferedBytes);
    this.files = files;
  }

  /**
   * Decodes the next bytes of the body.
   *
   * @throws RuntimeException whatever the decoder throws on a malformed body
   */
  void offer(Buffer chunk) {
    decode(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk.getBytes())));
  }

  /**
   * Decodes the end of the body; then {@link #complete()} says whether the form ended with its
   * closing boundary.
   */
  void end() {
    decode(LastHttpContent.EMPTY_LAST_CONTENT);
  }

  /** Whether the closing boundary has been read. */
  boolean complete() {
    return complete;
  }

  /** The text fields read so far. */
  MultiMap fields() {
    return fields;
  }

  /** Frees the decoder's buffers; the form reads nothing more. */
  void close() {
    if (!closed) {
      closed = true;
      decoder.destroy();
    }
  }

  private void decode(HttpContent content) {
    if (closed) {
      return;
    }
    decoder.offer(content);
    try {
      // A part consumer may close the form (a refused body): the decoder is gone then.
      while (!closed && decoder.hasNext()) {
        InterfaceHttpData data = decoder.next();
        try {
          if (data instanceof FileUpload file) {
            files.accept(file);
          } else if (data instanceof Attribute field) {
            fields.add(field.getName(), field.getValue());
          }
        } catch (IOException e) {
          throw new IllegalStateException("an in-memory field could not be read", e);
        } finally {
          // Read once: the decoder need not keep it until the end.
          decoder.removeHttpDataFromClean(data);
          if (data.refCnt() > 0) {
            data.release();
          }
        }
      }
    } catch (EndOfDataDecoderException e) {
      complete = true; // Netty's way of saying the closing boundary was read
    }
  }

  /** Parts kept in memory, fields limited in size (the request body is limited as a whole). */
  private static final class InMemoryData extends DefaultHttpDataFactory {
    private final int maxFieldBytes;

    InMemoryData(int maxFieldBytes) {
      super(false);
      this.maxFieldBytes = maxFieldBytes;
    }

    @Override
    public Attribute createAttribute(HttpRequest request, String name) {
      return limited(super.createAttribute(request, name));
    }

    @Override
    public Attribute createAttribute(HttpRequest request, String name, long definedSize) {
      return limited(super.createAttribute(request, name, definedSize));
    }

    @Override
    public Attribute createAttribute(HttpRequest request, String name, String value) {
      return limited(super.createAttribute(request, name, value));
    }

    private Attribute limited(Attribute attribute) {
      attribute.setMaxSize(maxFieldBytes);
      return attribute;
    }
  }
}
