package dev.likeness.contract.record;

/**
 * Where an image (or its tombstone) landed in the images topic.
 *
 * @param id image id, the record key
 * @param partition partition of the record
 * @param offset offset of the record in that partition
 */
public record PublishResult(String id, int partition, long offset) {}
