package dev.abkit.spring.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.abkit.AbKit;
import dev.abkit.analysis.ResultsFormat;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/abkit}: the results JSON of every experiment that is not a draft, as the results
 * endpoint and {@code abkit results --format json} give it.
 */
@Endpoint(id = "abkit")
public final class AbKitEndpoint {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AbKit abkit;

  public AbKitEndpoint(AbKit abkit) {
    this.abkit = abkit;
  }

  /**
   * The results, as a map: Actuator serializes it with the application's JSON library (Jackson 3 on
   * Boot 4, Jackson 2 on Boot 3), so it is parsed from abkit's JSON here.
   */
  @ReadOperation
  public Map<String, Object> results() throws Exception {
    String json = ResultsFormat.JSON.render(abkit.results());
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }
}
