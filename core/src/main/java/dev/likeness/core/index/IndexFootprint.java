package dev.likeness.core.index;

/**
 * Heap held by a {@link HammingIndex}'s arrays (payload bytes, without array headers).
 *
 * @param entries number of indexed ids
 * @param hashBytes packed hashes, including page slack
 * @param idBytes id arena chunks (UTF-8 ids with length prefixes, garbage and chunk slack)
 * @param idLiveBytes live id bytes in the arena, including length prefixes
 * @param bookkeepingBytes per-slot id refs (4 bytes) and the id → slot table (4.6–6.9 bytes)
 * @param multiIndexBytes multi-index hashing: packed lists with their offsets, hole bitsets, and
 *     the delta lists of puts not yet merged (0 when not built)
 */
public record IndexFootprint(
    long entries,
    long hashBytes,
    long idBytes,
    long idLiveBytes,
    long bookkeepingBytes,
    long multiIndexBytes) {
  /** Everything. */
  public long totalBytes() {
    return hashBytes + idBytes + bookkeepingBytes + multiIndexBytes;
  }
}
