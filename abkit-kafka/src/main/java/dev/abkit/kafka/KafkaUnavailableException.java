package dev.abkit.kafka;

/** Kafka did not answer or did not acknowledge in time; the pipeline retries and journals. */
public final class KafkaUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  KafkaUnavailableException(String message) {
    super(message);
  }

  KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
