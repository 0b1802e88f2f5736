package dev.abkit.spring;

import dev.abkit.spring.app.DemoApplication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter's start-up cost: the demo app (web, JDBC on H2, Actuator) started with and without
 * the auto-configuration, alternately in one JVM after warm-up, medians printed. A measurement, not
 * a check: run with {@code -Dabkit.measureStartup=true}.
 */
@EnabledIfSystemProperty(named = "abkit.measureStartup", matches = "true")
class StartupCostMeasurement {

  static final String BASE_EXCLUDES = baseExcludes();

  static String baseExcludes() {
    Properties p = new Properties();
    try (var in = StartupCostMeasurement.class.getResourceAsStream("/application.properties")) {
      p.load(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return p.getProperty("spring.autoconfigure.exclude").replaceAll("\\s+", "");
  }

  static long startMillis(boolean withStarter) {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--spring.datasource.url=jdbc:h2:mem:s" + UUID.randomUUID() + ";DB_CLOSE_DELAY=0");
    args.add("--spring.main.banner-mode=off");
    args.add("--logging.level.root=warn");
    // the test application.properties' exclusions (Spring Security), plus abkit's when without
    args.add(
        "--spring.autoconfigure.exclude="
            + BASE_EXCLUDES
            + (withStarter ? "" : ",dev.abkit.spring.AbKitAutoConfiguration"));
    long t0 = System.nanoTime();
    ConfigurableApplicationContext ctx =
        SpringApplication.run(DemoApplication.class, args.toArray(String[]::new));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    ctx.close();
    return ms;
  }

  @Test
  void measure() {
    for (int i = 0; i < 2; i++) {
      startMillis(true);
      startMillis(false);
    }
    List<Long> with = new ArrayList<>();
    List<Long> without = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      with.add(startMillis(true));
      without.add(startMillis(false));
    }
    Collections.sort(with);
    Collections.sort(without);
    System.out.printf(
        "STARTUP with starter: median %d ms %s; without: median %d ms %s%n",
        with.get(3), with, without.get(3), without);
  }
}
