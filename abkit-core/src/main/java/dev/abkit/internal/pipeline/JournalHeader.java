package dev.abkit.internal.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;
import java.util.Optional;

/**
 * The first line of each journal segment: which store its records are for, {@code
 * {"type":"journal","store":"file:/var/lib/app/abkit"}} ({@code "store":null} for a store that
 * cannot say, see {@link dev.abkit.spi.EventStore#identity()}). A replay takes only segments of its
 * own store, so that apps sharing a journal directory never replay each other's records. Segments
 * written before the header existed have none and are taken by any store, as they were then. Older
 * readers skip the header as a line of unknown type. Immutable.
 */
final class JournalHeader {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String PREFIX = "{\"type\":\"journal\"";

  private final Optional<String> store;

  JournalHeader(Optional<String> store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The store the segment's records are for; empty if that store could not say. */
  Optional<String> store() {
    return store;
  }

  /** Whether a segment with this header belongs to a store of identity {@code identity}. */
  boolean belongsTo(Optional<String> identity) {
    return store.equals(identity);
  }

  /** The header line, with its newline. */
  String line() {
    StringBuilder b = new StringBuilder(64).append(PREFIX).append(",\"store\":");
    if (store.isPresent()) {
      JsonLines.string(b, store.get());
    } else {
      b.append("null");
    }
    return b.append("}\n").toString();
  }

  /** Whether {@code line} is a header (well-formed or not) rather than a record. */
  static boolean isHeader(String line) {
    return line.startsWith(PREFIX);
  }

  /**
   * The header {@code line} holds, or empty if it is none (or torn: it then protects nothing, as
   * the write that tore it held no complete record either).
   */
  static Optional<JournalHeader> parse(String line) {
    if (!isHeader(line)) {
      return Optional.empty();
    }
    try {
      JsonNode n = MAPPER.readTree(line);
      JsonNode store = n.get("store");
      if (store == null || !(store.isNull() || store.isTextual())) {
        return Optional.empty();
      }
      return Optional.of(
          new JournalHeader(store.isNull() ? Optional.empty() : Optional.of(store.asText())));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return store.orElse("a store of unknown identity");
  }
}
