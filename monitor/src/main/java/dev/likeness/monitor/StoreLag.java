package dev.likeness.monitor;

/**
 * How far a local state store partition trails its changelog (Kafka Streams {@code LagInfo}).
 *
 * @param store the store name
 * @param partition the store (changelog) partition
 * @param role {@code active} (restoring or serving) or {@code standby}
 * @param currentOffset the changelog position the store has reached
 * @param endOffset the changelog end offset
 * @param lagRecords changelog records the store has yet to apply
 */
public record StoreLag(
    String store,
    int partition,
    String role,
    long currentOffset,
    long endOffset,
    long lagRecords) {}
