package dev.likeness.api.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The URL of a request, read strictly: its percent-encoded bytes must be UTF-8, and a parameter the
 * API reads must be given once. Vert.x decodes leniently, turning bytes that are not UTF-8 into
 * U+FFFD (so that different ids would become one) and keeping the first of repeated parameters;
 * both are refused here with a 400 that says what to fix.
 */
public final class RequestUrl {
  private RequestUrl() {}

  /** A route handler: 400 unless every percent-encoded sequence of the path and query is UTF-8. */
  public static void requireUtf8(RoutingContext ctx) {
    // One pass over path and query: '/', '?', '&' and '=' are ASCII, so no sequence spans them.
    String problem = utf8Problem(ctx.request().uri());
    if (problem != null) {
      throw ApiException.badRequest(problem);
    }
    ctx.next();
  }

  /** The value of query parameter {@code name}, or null; a 400 if it is given more than once. */
  public static String param(RoutingContext ctx, String name) {
    return single(ctx.queryParams(), name, "parameter");
  }

  /**
   * The value of {@code name} in {@code values}, or null; a 400 naming the {@code kind} if it is
   * given more than once.
   */
  static String single(MultiMap values, String name, String kind) {
    List<String> all = values.getAll(name);
    if (all.size() > 1) {
      throw ApiException.badRequest(
          kind + " '" + name + "' is given " + all.size() + " times; give it once");
    }
    return all.isEmpty() ? null : all.get(0);
  }

  /** Why {@code encoded} does not decode to UTF-8, or null if it does. */
  static String utf8Problem(String encoded) {
    if (encoded.indexOf('%') < 0) {
      return null; // the request line itself is ASCII
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int value = i + 2 < encoded.length() ? hex(encoded.charAt(i + 1), encoded.charAt(i + 2)) : -1;
      if (value < 0) {
        return "malformed percent-encoding in the URL: '%' must be followed by two hex digits";
      }
      bytes.write(value);
      i += 2;
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return null;
    } catch (CharacterCodingException e) {
      return "the URL has percent-encoded bytes that are not UTF-8; ids and parameters are UTF-8 text, "
          + "percent-encoded byte by byte (é is %C3%A9)";
    }
  }

  private static int hex(char high, char low) {
    // ASCII digits only: Character.digit also reads other scripts' digits, which no URL escapes.
    if (!HexFormat.isHexDigit(high) || !HexFormat.isHexDigit(low)) {
      return -1;
    }
    return HexFormat.fromHexDigit(high) * 16 + HexFormat.fromHexDigit(low);
  }
}
