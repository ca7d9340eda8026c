package dev.likeness.core.index;

/**
 * The size of the fixed pages the index's large arrays are cut into.
 *
 * <p>Pages keep arrays out of G1's humongous allocation, but their size matters too: an array of a
 * power-of-two number of bytes plus its header does not tile a G1 region. Four 256 KiB arrays need
 * 64 bytes more than a 1 MiB region, so only three fit and a quarter of the heap is lost: measured
 * with {@code -Xmx1g}, 765 MiB of {@code long[32768]} fit against 1,018 MiB of {@code long[32766]},
 * and a 10M-image node ran out of memory with 809 MiB in use. At 32 KiB the region's unused tail is
 * under one page, 3 % at most, and smaller objects fill it.
 */
final class HeapPage {
  /** log2 of the bytes of one page's data. */
  static final int BYTES_SHIFT = 15;

  private HeapPage() {}
}
