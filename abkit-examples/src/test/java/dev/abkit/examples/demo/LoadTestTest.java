package dev.abkit.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LoadTestTest {
  @Test
  void requireLoopback_acceptsLoopbackNamesAndAddresses() {
    for (String url :
        new String[] {"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:8080"}) {
      assertThat(LoadTest.requireLoopback(URI.create(url))).isEqualTo(URI.create(url));
    }
  }

  @Test
  void requireLoopback_refusesOtherAddressesAndSchemes() {
    assertThatThrownBy(() -> LoadTest.requireLoopback(URI.create("http://10.1.2.3:8080")))
        .hasMessageContaining("only runs against loopback")
        .hasMessageContaining("10.1.2.3");
    assertThatThrownBy(() -> LoadTest.requireLoopback(URI.create("ftp://127.0.0.1/")))
        .hasMessageContaining("must be an http URL");
  }

  @Test
  void settings_rejectNonPositiveDurationAndWorkers() {
    assertThatThrownBy(() -> new LoadTest.Settings(0, Duration.ofSeconds(1), 0))
        .hasMessage("workers must be in 1..512, was 0");
    assertThatThrownBy(() -> new LoadTest.Settings(1, Duration.ZERO, 0))
        .hasMessage("duration must be positive, was PT0S");
  }

  @Test
  void quantile_nearestRank() {
    long[] ms = new long[100];
    for (int i = 0; i < 100; i++) {
      ms[i] = (i + 1) * 1_000_000L;
    }
    LoadTest.RouteStats s = new LoadTest.RouteStats("r", 100, 0, ms);
    assertThat(s.quantileMillis(0.50)).isEqualTo(50.0);
    assertThat(s.quantileMillis(0.95)).isEqualTo(95.0);
    assertThat(s.quantileMillis(0.99)).isEqualTo(99.0);
    assertThat(new LoadTest.RouteStats("r", 0, 0, new long[0]).quantileMillis(0.5)).isNaN();
  }

  @Test
  void visitorIds_areCanonicalAbkitVisitorIds_andSeeded() {
    SplittableRandom a = new SplittableRandom(1);
    SplittableRandom b = new SplittableRandom(1);
    for (int i = 0; i < 1000; i++) {
      String id = Visitor.newId(a);
      assertThat(id).matches("[A-Za-z0-9_-]{21}[AQgw]").isEqualTo(Visitor.newId(b));
    }
  }

  @Test
  void parseRates_readsPairs_andNamesBadParts() {
    assertThat(Simulation.Settings.parseRates("A=0.15, B=0.35"))
        .containsEntry("A", 0.15)
        .containsEntry("B", 0.35);
    assertThatThrownBy(() -> Simulation.Settings.parseRates("A=x"))
        .hasMessage("rates: the rate of A is not a number: \"x\"");
    assertThatThrownBy(() -> Simulation.Settings.parseRates("A0.1"))
        .hasMessage("rates must look like A=0.15,B=0.35, was \"A0.1\"");
  }
}
