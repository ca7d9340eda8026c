package dev.likeness.core.image;

import java.io.IOException;
import java.util.Objects;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * Image bytes in memory for a reader that may be read past their end only a bounded number of
 * times; then the read fails.
 *
 * <p>WebP's lossless bit reader takes the end of the data for more zero bits, so a stream that
 * declares more Huffman codes than it holds sent it through millions of reads past the end (153
 * bytes held a thread for minutes). A decode of whole data ends with a few reads past the end at
 * most, while the reader fills its 64-bit buffer.
 */
final class EndBoundedInput extends ImageInputStreamImpl {
  private static final int MAX_READS_PAST_END = 4096;

  private final byte[] data;
  private int readsPastEnd;

  EndBoundedInput(byte[] data) {
    this.data = Objects.requireNonNull(data, "data");
  }

  @Override
  public int read() throws IOException {
    checkClosed();
    bitOffset = 0;
    if (streamPos >= data.length) {
      return pastEnd();
    }
    return data[(int) streamPos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkClosed();
    Objects.checkFromIndexSize(off, len, b.length);
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= data.length) {
      return pastEnd();
    }
    int n = (int) Math.min(len, data.length - streamPos);
    System.arraycopy(data, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return data.length;
  }

  private int pastEnd() throws IIOException {
    if (++readsPastEnd > MAX_READS_PAST_END) {
      throw new IIOException(
          "data ends early: read past its end "
              + MAX_READS_PAST_END
              + " times (the image declares more than it holds)");
    }
    return -1;
  }
}
