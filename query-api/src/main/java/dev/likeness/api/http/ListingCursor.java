package dev.likeness.api.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of {@code GET /images}: the last id of a page, base64url-encoded so that
 * clients pass it back as it is instead of building their own.
 */
final class ListingCursor {
  private ListingCursor() {}

  /** The cursor that continues after {@code id}. */
  static String after(String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  /** The id a cursor continues after; a 400 if it is not one this API gave. */
  static String id(String cursor) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(cursor);
      String id =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return ImageRoutes.validId(id);
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw ApiException.badRequest(
          "parameter 'after' must be a cursor from a previous page's 'next', got '" + cursor + "'");
    }
  }
}
