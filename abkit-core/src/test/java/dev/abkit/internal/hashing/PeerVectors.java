package dev.abkit.internal.hashing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the vendor vector files under {@code src/test/resources/peer-vectors/}. */
public final class PeerVectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PeerVectors() {}

  /** The parsed file. */
  public static JsonNode read(String file) {
    try (InputStream in = PeerVectors.class.getResourceAsStream("/peer-vectors/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /peer-vectors/" + file);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The elements of an array node. */
  public static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  /** The element list of {@code section} in {@code file}. */
  public static List<JsonNode> section(String file, String section) {
    return elements(read(file).get(section));
  }
}
