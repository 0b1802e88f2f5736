package dev.abkit.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DependencyFloorTest {
  @Test
  void comparesDottedVersionsNumerically() {
    assertThat(DependencyFloor.compare("2.21.4", "2.19.2")).isPositive();
    assertThat(DependencyFloor.compare("2.9.0", "2.19.2")).isNegative();
    assertThat(DependencyFloor.compare("7.0.2", "7.0.2")).isZero();
    assertThat(DependencyFloor.compare("1.16.0-RC1", "1.15.5")).isPositive();
  }

  @Test
  void readsTheVersionsOnTheClassPath() {
    assertThat(DependencyFloor.version("com.zaxxer.hikari.HikariDataSource")).hasValue("7.0.2");
    assertThat(DependencyFloor.version("com.github.benmanes.caffeine.cache.Caffeine"))
        .hasValue("3.2.4");
    assertThat(DependencyFloor.version("io.micrometer.core.instrument.MeterRegistry"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("1.16.6"));
    assertThat(DependencyFloor.version("com.fasterxml.jackson.databind.ObjectMapper"))
        .hasValue("2.21.4");
    assertThat(DependencyFloor.version("no.such.Class")).isEmpty();
  }

  @Test
  void bootFourManagedVersionsAreAboveTheFloor() {
    assertThat(DependencyFloor.warnIfBelow()).isEmpty();
  }
}
