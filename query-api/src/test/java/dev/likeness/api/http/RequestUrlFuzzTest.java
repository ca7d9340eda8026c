package dev.likeness.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Request URIs as clients send them: {@link RequestUrl#utf8Problem} finds no problem exactly when
 * every {@code %} is followed by two ASCII hex digits and the bytes they spell, with the rest of
 * the URI, are UTF-8.
 */
class RequestUrlFuzzTest {

  @FuzzTest(maxDuration = "2m")
  void findsEveryMalformedEscape(byte[] uri) {
    String text = new String(uri, StandardCharsets.UTF_8);
    String problem = RequestUrl.utf8Problem(text);
    assertThat(problem == null).as("no problem found in %s", text).isEqualTo(wellFormed(text));
  }

  /** The rule, stated independently: decode the escapes, then check the bytes strictly. */
  private static boolean wellFormed(String uri) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c != '%') {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      } else if (i + 2 < uri.length()
          && isAsciiHex(uri.charAt(i + 1))
          && isAsciiHex(uri.charAt(i + 2))) {
        bytes.write(Integer.parseInt(uri.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean isAsciiHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }
}
