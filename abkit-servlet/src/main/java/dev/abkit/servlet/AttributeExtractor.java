package dev.abkit.servlet;

import dev.abkit.servlet.internal.RequestAttributes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * Derives a unit's targeting attributes (the inputs of manifest {@code targeting} conditions) from
 * a request. Called at most once per request, lazily, the first time the request's {@link
 * Experiments} are consulted, on the request's thread.
 *
 * <p>Implementations must be thread-safe and should be cheap and not throw: an exception is logged
 * once and the unit is assigned with no attributes (so targeted experiments serve control).
 */
@FunctionalInterface
public interface AttributeExtractor {

  /** JSON-like attribute values (String, Number, Boolean, List, Map); never null. */
  Map<String, Object> attributes(HttpServletRequest request);

  /**
   * The default: {@code platform} ({@code ios}, {@code android}, {@code windows}, {@code macos},
   * {@code chromeos}, {@code linux}, {@code other}) and {@code device} ({@code mobile}, {@code
   * tablet}, {@code desktop}) from {@code User-Agent}; {@code language} (primary subtag of the
   * first {@code Accept-Language} entry, lower case); {@code app_version} from the {@code
   * X-App-Version} header. Absent headers give absent attributes. These are client-supplied: use
   * them to decide eligibility, not anything a client must not choose.
   */
  static AttributeExtractor defaults() {
    return new RequestAttributes();
  }

  /** No attributes: targeted experiments see every unit as non-matching. */
  static AttributeExtractor none() {
    return request -> Map.of();
  }
}
