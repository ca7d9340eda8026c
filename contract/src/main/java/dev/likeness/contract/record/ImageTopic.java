package dev.likeness.contract.record;

import java.util.concurrent.CompletionStage;

/** Where images are published: the {@link Topics#IMAGES} topic, as a producer of it sees it. */
public interface ImageTopic {
  /** Publishes {@code upload}; completes once the record is durably in the topic. */
  CompletionStage<PublishResult> publish(ImageUpload upload);

  /** Publishes the tombstone of {@code id}; completes once it is durably in the topic. */
  CompletionStage<PublishResult> delete(String id);
}
