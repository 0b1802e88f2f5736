package dev.abkit.spring.internal;

import java.util.Map;

/**
 * One result of the {@code abkit} health check ({@link PipelineHealthCheck}), free of Actuator
 * types so that Boot 4's and Boot 3's health indicators share it.
 *
 * @param status {@code UP}, {@code DOWN} or {@code OUT_OF_SERVICE}
 * @param details what the pipeline holds and, when not up, why
 */
public record PipelineHealth(String status, Map<String, Object> details) {
  public static final String UP = "UP";
  public static final String DOWN = "DOWN";
  public static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";

  public PipelineHealth {
    details = Map.copyOf(details);
  }
}
