package dev.abkit.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SampleSizeTest {

  @ParameterizedTest
  @CsvSource({"0.20, 0.05, 1030.2", "0.10, 0.01, 14312.9", "0.05, 0.005, 30244.4"})
  void perVariant_evanMillerVectors(double baseline, double mde, double expected) {
    assertThat(SampleSize.perVariant(baseline, mde, 0.05, 0.8)).isCloseTo(expected, within(0.05));
  }

  @Test
  void perVariant_baselineAboveHalf_isFolded() {
    assertThat(SampleSize.perVariant(0.7, 0.05, 0.05, 0.8))
        .isCloseTo(SampleSize.perVariant(0.3, 0.05, 0.05, 0.8), within(1e-6));
    assertThat(Math.ceil(SampleSize.perVariant(0.7, 0.05, 0.05, 0.8))).isEqualTo(1335);
  }

  @Test
  void perVariant_badArguments_nameTheArgument() {
    assertThatThrownBy(() -> SampleSize.perVariant(0, 0.05, 0.05, 0.8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseline");
    assertThatThrownBy(() -> SampleSize.perVariant(0.2, 0, 0.05, 0.8)).hasMessageContaining("mde");
    assertThatThrownBy(() -> SampleSize.perVariant(0.2, 0.05, 1, 0.8))
        .hasMessageContaining("alpha");
    assertThatThrownBy(() -> SampleSize.perVariant(0.2, 0.05, 0.05, 0))
        .hasMessageContaining("power");
  }

  /** Power is the formula solved the other way: at the sample it plans, the power it was given. */
  @Test
  void power_atThePlannedSample_isThePlannedPower() {
    for (double[] c : new double[][] {{0.2, 0.05}, {0.1, 0.01}, {0.05, -0.005}, {0.7, 0.03}}) {
      double n = SampleSize.perVariant(c[0], c[1], 0.05, 0.8);
      assertThat(SampleSize.power(c[0], c[1], 0.05, n)).isCloseTo(0.8, within(1e-9));
      assertThat(SampleSize.power(c[0], c[1], 0.05, 4 * n)).isGreaterThan(0.99);
      Double mde = SampleSize.detectableEffect(c[0], 0.05, 0.8, n);
      assertThat(mde).isNotNull();
      assertThat(mde).isCloseTo(Math.abs(c[1]), within(Math.abs(c[1]) * 0.2));
    }
  }

  @Test
  void detectableEffect_tooFewUnitsOrNoBaseline_isNull() {
    assertThat(SampleSize.detectableEffect(0.2, 0.05, 0.8, 1)).isNull();
    assertThat(SampleSize.detectableEffect(0, 0.05, 0.8, 1000)).isNull();
  }
}
