package dev.likeness.contract.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers of records on the images topic, as the indexer reads them from anyone who may write to
 * it: the content type, source, upload time and {@code meta.*} metadata are read without failing,
 * and {@link MetadataLimits} either passes them, when they are within every limit, or refuses them
 * with a {@link MetadataLimitException}.
 */
class ImageHeadersFuzzTest {
  private static final String[] NAMES = {
    ImageHeaders.CONTENT_TYPE,
    ImageHeaders.SOURCE,
    ImageHeaders.UPLOADED_AT,
    ImageHeaders.META_PREFIX
  };

  @FuzzTest(maxDuration = "2m")
  void readsAndLimits(FuzzedDataProvider data) {
    RecordHeaders headers = new RecordHeaders();
    while (data.remainingBytes() > 0) {
      String name = NAMES[data.consumeInt(0, NAMES.length - 1)];
      if (name.equals(ImageHeaders.META_PREFIX)) {
        name += data.consumeString(200);
      }
      byte[] value = data.consumeBoolean() ? null : data.consumeBytes(data.consumeInt(0, 5000));
      headers.add(name, value);
    }

    String contentType = ImageHeaders.get(headers, ImageHeaders.CONTENT_TYPE);
    String source = ImageHeaders.get(headers, ImageHeaders.SOURCE);
    long fallback = 42;
    long uploadedAt = ImageHeaders.uploadedAt(headers, fallback);
    Map<String, String> metadata = ImageHeaders.metadata(headers);
    assertThat(metadata).doesNotContainValue(null);
    if (headers.lastHeader(ImageHeaders.UPLOADED_AT) == null) {
      assertThat(uploadedAt).isEqualTo(fallback);
    }

    boolean withinLimits = withinLimits(metadata, source, contentType);
    if (withinLimits) {
      assertThatCode(
              () -> {
                MetadataLimits.check(metadata, source);
                MetadataLimits.checkContentType(contentType);
              })
          .doesNotThrowAnyException();
    } else {
      try {
        MetadataLimits.check(metadata, source);
        MetadataLimits.checkContentType(contentType);
      } catch (MetadataLimitException e) {
        assertThat(e.getMessage()).isNotBlank();
        return;
      }
      throw new AssertionError("metadata over a limit passed the check: " + metadata.keySet());
    }
  }

  /** The limits, stated independently of the checker. */
  private static boolean withinLimits(
      Map<String, String> metadata, String source, String contentType) {
    if (source != null && bytes(source) > MetadataLimits.MAX_SOURCE_BYTES) {
      return false;
    }
    if (contentType != null && bytes(contentType) > MetadataLimits.MAX_CONTENT_TYPE_BYTES) {
      return false;
    }
    if (metadata.size() > MetadataLimits.MAX_ENTRIES) {
      return false;
    }
    long total = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      int name = bytes(e.getKey());
      int value = bytes(e.getValue());
      if (name > MetadataLimits.MAX_NAME_BYTES || value > MetadataLimits.MAX_VALUE_BYTES) {
        return false;
      }
      total += name + value;
    }
    return total <= MetadataLimits.MAX_TOTAL_BYTES;
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
