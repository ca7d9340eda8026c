package dev.likeness.core.record;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for {@link FeatureRecord} values of {@link Topics#FEATURES}. */
public final class FeatureRecordSerde implements Serde<FeatureRecord> {
  @Override
  public Serializer<FeatureRecord> serializer() {
    return (topic, r) -> r == null ? null : FeatureRecordCodec.encode(r);
  }

  @Override
  public Deserializer<FeatureRecord> deserializer() {
    return (topic, data) -> data == null ? null : FeatureRecordCodec.decode(data);
  }
}
