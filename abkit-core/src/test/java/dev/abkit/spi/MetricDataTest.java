package dev.abkit.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricDataTest {
  // values 3 and 5 around shift 4; values 10 around shift 0
  private final MetricData around4 = new MetricData(2, 4, 0, 2);
  private final MetricData plain = new MetricData(1, 10, 100);

  @Test
  void sums_unshiftedFromTheShiftedOnes() {
    assertThat(around4.sum()).isEqualTo(8);
    assertThat(around4.sumSquares()).isEqualTo(34);
    assertThat(plain.shift()).isZero();
    assertThat(plain.sum()).isEqualTo(10);
  }

  @Test
  void shiftedTo_keepsTheValues() {
    MetricData moved = around4.shiftedTo(1);
    assertThat(moved.shiftedSum()).isEqualTo(2 + 4);
    assertThat(moved.shiftedSumSquares()).isEqualTo(4 + 16);
    assertThat(moved.sum()).isEqualTo(8);
    assertThat(around4.shiftedTo(4)).isSameAs(around4);
  }

  @Test
  void plus_mergesAroundTheFirstPartsShift() {
    MetricData all = around4.plus(plain);
    assertThat(all.units()).isEqualTo(3);
    assertThat(all.shift()).isEqualTo(4);
    assertThat(all.sum()).isCloseTo(18, within(1e-12));
    assertThat(all.sumSquares()).isCloseTo(134, within(1e-12));
    assertThat(MetricData.EMPTY.plus(around4)).isEqualTo(around4);
  }

  @Test
  void finite_falseWhenASumOverflowed() {
    assertThat(around4.finite()).isTrue();
    assertThat(new MetricData(1, 0, 2e154, Double.POSITIVE_INFINITY).finite()).isFalse();
    assertThat(new MetricData(1, 0, Double.NaN, Double.NaN).finite()).isFalse();
  }
}
