package dev.likeness.core.index;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Image ids stored as UTF-8 in byte chunks of just under 256 KiB, each prefixed by its length as a
 * varint; an id is addressed by an int byte offset (its "ref"). No per-id objects, so millions of
 * ids cost their bytes plus one or two, not a String, a byte[] and a map entry each. Removed ids
 * are garbage until {@link #compact} copies the live ones into fresh chunks. Not thread-safe.
 */
final class IdArena {
  /** Largest id, in UTF-8 bytes. */
  static final int MAX_ID_BYTES = 0xFFFF;

  private static final int CHUNK_SHIFT = 18; // 256 KiB: not a G1 humongous object
  private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
  private static final int CHUNK_MASK = CHUNK_SIZE - 1;

  /**
   * Bytes used of a chunk's 256 KiB of addresses: a little less, so that a chunk with its array
   * header is exactly a quarter of a G1 region and four tile it ({@link HeapPage}).
   */
  static final int CHUNK_BYTES = CHUNK_SIZE - 64;

  private static final int MAX_CHUNKS = 1 << (31 - CHUNK_SHIFT);
  private static final int FIRST_CHUNK = 4096;

  private byte[][] chunks = new byte[0][];

  /** Next free global offset. */
  private int end;

  private long liveBytes;
  private long garbageBytes;

  /** The UTF-8 form of an id, checked against the length limit. */
  static byte[] encode(String id) {
    byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > MAX_ID_BYTES) {
      throw new IllegalArgumentException("id longer than " + MAX_ID_BYTES + " UTF-8 bytes");
    }
    return utf8;
  }

  /** A well-mixed hash of id bytes; {@link #hash(int)} gives the same for the stored copy. */
  static int hash(byte[] key) {
    return hash(key, 0, key.length);
  }

  private static int hash(byte[] b, int off, int len) {
    int h = 0x9747b28c ^ len;
    for (int i = off; i < off + len; i++) {
      h = h * 31 + b[i];
    }
    // murmur3 fmix32: sequential ids like "img-1", "img-2" must spread over the low bits.
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  /** Stores an id (from {@link #encode}) and returns its ref. */
  int add(byte[] utf8) {
    return add(utf8, 0, utf8.length);
  }

  private int add(byte[] src, int off, int len) {
    int entry = varintSize(len) + len;
    int inChunk = end & CHUNK_MASK;
    if (end > 0 && inChunk != 0 && inChunk + entry > CHUNK_BYTES) {
      end += CHUNK_SIZE - inChunk; // never split an entry across chunks; the tail stays unused
    }
    int ref = end;
    int c = ref >>> CHUNK_SHIFT;
    if (c >= MAX_CHUNKS) {
      throw new IllegalStateException("id arena full (2 GiB of ids)");
    }
    ensure(c, (ref & CHUNK_MASK) + entry);
    byte[] chunk = chunks[c];
    int p = ref & CHUNK_MASK;
    p = writeVarint(chunk, p, len);
    System.arraycopy(src, off, chunk, p, len);
    end = ref + entry;
    liveBytes += entry;
    return ref;
  }

  /** Whether the id at {@code ref} is exactly {@code key}. */
  boolean equalsKey(int ref, byte[] key) {
    byte[] chunk = chunks[ref >>> CHUNK_SHIFT];
    int p = ref & CHUNK_MASK;
    int len = readVarint(chunk, p);
    p += varintSize(len);
    return len == key.length && Arrays.equals(chunk, p, p + len, key, 0, len);
  }

  /** The hash of the id at {@code ref} (equal to {@link #hash(byte[])} of its bytes). */
  int hash(int ref) {
    byte[] chunk = chunks[ref >>> CHUNK_SHIFT];
    int p = ref & CHUNK_MASK;
    int len = readVarint(chunk, p);
    return hash(chunk, p + varintSize(len), len);
  }

  /** The id at {@code ref} as a String (only done for results). */
  String string(int ref) {
    byte[] chunk = chunks[ref >>> CHUNK_SHIFT];
    int p = ref & CHUNK_MASK;
    int len = readVarint(chunk, p);
    return new String(chunk, p + varintSize(len), len, StandardCharsets.UTF_8);
  }

  /** Marks the id at {@code ref} as garbage. */
  void release(int ref) {
    byte[] chunk = chunks[ref >>> CHUNK_SHIFT];
    int len = readVarint(chunk, ref & CHUNK_MASK);
    int entry = varintSize(len) + len;
    liveBytes -= entry;
    garbageBytes += entry;
  }

  /** Whether garbage is more than half of the used bytes. */
  boolean needsCompaction() {
    return garbageBytes > liveBytes;
  }

  /** Copies the ids of slots {@code [0, count)} (refs in {@code refs}) into fresh chunks. */
  void compact(PagedInts refs, int count) {
    IdArena fresh = new IdArena();
    for (int slot = 0; slot < count; slot++) {
      int ref = refs.get(slot);
      byte[] chunk = chunks[ref >>> CHUNK_SHIFT];
      int p = ref & CHUNK_MASK;
      int len = readVarint(chunk, p);
      refs.set(slot, fresh.add(chunk, p + varintSize(len), len));
    }
    chunks = fresh.chunks;
    end = fresh.end;
    liveBytes = fresh.liveBytes;
    garbageBytes = 0;
  }

  /** Frees everything. */
  void clear() {
    chunks = new byte[0][];
    end = 0;
    liveBytes = 0;
    garbageBytes = 0;
  }

  /** Bytes of live ids including their length prefixes. */
  long liveBytes() {
    return liveBytes;
  }

  /** Bytes of removed ids not yet compacted away. */
  long garbageBytes() {
    return garbageBytes;
  }

  /** Bytes of heap held by the chunks (without array headers). */
  long capacityBytes() {
    long bytes = 0;
    for (byte[] chunk : chunks) {
      bytes += chunk.length;
    }
    return bytes;
  }

  private void ensure(int c, int needInChunk) {
    if (c >= chunks.length) {
      chunks = Arrays.copyOf(chunks, c + 1);
    }
    byte[] chunk = chunks[c];
    if (chunk == null || chunk.length < needInChunk) {
      // Only the first chunk of a small index grows gradually; later chunks are allocated full.
      int cap = c == 0 ? Math.max(FIRST_CHUNK, chunk == null ? 0 : chunk.length * 2) : CHUNK_BYTES;
      cap = Math.min(Math.max(cap, needInChunk), CHUNK_BYTES);
      chunks[c] = chunk == null ? new byte[cap] : Arrays.copyOf(chunk, cap);
    }
  }

  private static int varintSize(int v) {
    return v < 0x80 ? 1 : v < 0x4000 ? 2 : 3;
  }

  private static int writeVarint(byte[] b, int p, int v) {
    while (v >= 0x80) {
      b[p++] = (byte) (v | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    return p;
  }

  private static int readVarint(byte[] b, int p) {
    int v = 0;
    int shift = 0;
    int x;
    do {
      x = b[p++];
      v |= (x & 0x7F) << shift;
      shift += 7;
    } while (x < 0);
    return v;
  }
}
