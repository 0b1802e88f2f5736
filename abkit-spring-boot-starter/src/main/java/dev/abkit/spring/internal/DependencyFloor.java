package dev.abkit.spring.internal;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns at start-up when the application resolved an older Jackson, HikariCP, Caffeine or
 * Micrometer than any version abkit's tests ran on. Spring Boot's dependency management picks these
 * libraries' versions for the whole application, below the ones abkit is built with; the starter's
 * tests run on Boot 4.0.7's and Boot 3.5.7's managed versions, so those are the floor (see the
 * README's Spring Boot section for pinning newer ones).
 */
public final class DependencyFloor {
  private static final Logger log = LoggerFactory.getLogger(DependencyFloor.class);

  /** Library, a class of it, and the lowest version the starter's tests ran on (Boot 3.5.7's). */
  static final List<String[]> FLOORS =
      List.of(
          new String[] {
            "jackson-databind", "com.fasterxml.jackson.databind.ObjectMapper", "2.19.2"
          },
          new String[] {"HikariCP", "com.zaxxer.hikari.HikariDataSource", "6.3.3"},
          new String[] {"caffeine", "com.github.benmanes.caffeine.cache.Caffeine", "3.2.2"},
          new String[] {
            "micrometer-core", "io.micrometer.core.instrument.MeterRegistry", "1.15.5"
          });

  private DependencyFloor() {}

  /** Logs one warning naming every library below its floor; returns their descriptions. */
  public static List<String> warnIfBelow() {
    List<String> below = new ArrayList<>();
    for (String[] f : FLOORS) {
      version(f[1])
          .filter(v -> compare(v, f[2]) < 0)
          .ifPresent(v -> below.add(f[0] + " " + v + " (tested from " + f[2] + ")"));
    }
    if (!below.isEmpty()) {
      log.warn(
          "abkit runs on older libraries than it was tested with: {}. Your build's dependency"
              + " management (e.g. Spring Boot's) chose them; pin newer versions (README, Spring"
              + " Boot section)",
          String.join(", ", below));
    }
    return below;
  }

  /** The version of the jar holding {@code className}, or empty if absent or unknown. */
  static Optional<String> version(String className) {
    try {
      Class<?> c = Class.forName(className, false, DependencyFloor.class.getClassLoader());
      String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
      if (v != null) {
        return Optional.of(v);
      }
      var source = c.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      File file = new File(source.getLocation().toURI());
      if (!file.isFile()) {
        return Optional.empty();
      }
      try (JarFile jar = new JarFile(file)) {
        Manifest m = jar.getManifest();
        return m == null
            ? Optional.empty()
            : Optional.ofNullable(m.getMainAttributes().getValue("Bundle-Version"));
      }
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    } catch (Exception e) {
      // a nested jar (Boot's executable jar) or an unusual class loader: no version to compare
      return Optional.empty();
    }
  }

  /** Compares dotted versions by their leading numbers ("2.21.4" vs "2.19.2"). */
  static int compare(String a, String b) {
    int[] x = numbers(a);
    int[] y = numbers(b);
    for (int i = 0; i < 3; i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return 0;
  }

  private static int[] numbers(String v) {
    int[] n = new int[3];
    String[] parts = v.split("[.\\-]");
    for (int i = 0; i < 3 && i < parts.length; i++) {
      String digits = parts[i].replaceAll("\\D.*", "");
      n[i] = digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
    return n;
  }
}
