package dev.likeness.ingest.hashes;

import dev.likeness.contract.hash.PdqHash;
import java.util.Map;

/**
 * One hash of a hash list.
 *
 * @param lineNumber 1-based line of the file, for messages
 * @param id the image id the hash is indexed under
 * @param hash the PDQ hash and its quality
 * @param metadata the other columns, by column name
 */
public record HashListEntry(
    int lineNumber, String id, PdqHash hash, Map<String, String> metadata) {}
