package dev.likeness.indexer.store;

import dev.likeness.contract.record.FeatureRecord;
import dev.likeness.core.match.MatchHit;

/**
 * A match with what the store holds about its image, read once and decoded without the payload
 * (thumbnail, keypoints, band hashes) that an answer does not show.
 *
 * @param match how it matched
 * @param record the image's stored record, {@link FeatureRecord#withoutPayload() without payload}
 */
public record StoredMatch(MatchHit match, FeatureRecord record) {}
