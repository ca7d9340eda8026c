package dev.likeness.monitor;

/** The lag could not be read: Kafka unreachable, the topic missing, a request failed. */
public final class LagUnavailableException extends RuntimeException {
  /** With a message for operators and the cause. */
  public LagUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
