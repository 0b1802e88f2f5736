package dev.abkit.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ArmStatsTest {

  /** 10 units, 4 with values 1, 2, 3, 6, the other 6 count 0: mean 1.2, variance 3.7333... */
  @Test
  void shiftedSampleMean_anyShift_sameAsPlainSums() {
    double[] values = {1, 2, 3, 6};
    ArmStats plain = ArmStats.sampleMean(10, 12, 1 + 4 + 9 + 36);
    for (double shift : new double[] {0, 2.5, -7, 1e6}) {
      double s = 0;
      double q = 0;
      for (double v : values) {
        s += v - shift;
        q += (v - shift) * (v - shift);
      }
      ArmStats shifted = ArmStats.shiftedSampleMean(10, 4, shift, s, q);
      assertThat(shifted.mean()).as("shift %s", shift).isCloseTo(1.2, within(1e-9));
      assertThat(shifted.variance())
          .as("shift %s", shift)
          .isCloseTo(plain.variance(), within(1e-9));
    }
    assertThat(plain.variance()).isCloseTo((50 - 144 / 10.0) / 9, within(1e-12));
  }

  @Test
  void shiftedSampleMean_largeValuesSmallSpread_keepTheVariance() {
    // 1e8 + {-1, 0, 1}: variance 1; the one-pass plain sums give 0 or a negative number here
    double shift = 1e8;
    ArmStats a = ArmStats.shiftedSampleMean(3, 3, shift, 0, 2);
    assertThat(a.mean()).isEqualTo(1e8);
    assertThat(a.variance()).isCloseTo(1, within(1e-12));
  }

  @Test
  void shiftedSampleMean_edgeCases() {
    assertThat(ArmStats.shiftedSampleMean(0, 0, 5, 0, 0).mean()).isNaN();
    assertThat(ArmStats.shiftedSampleMean(1, 1, 5, 0, 0).variance()).isNaN();
    assertThat(ArmStats.shiftedSampleMean(1, 1, 5, 0, 0).mean()).isEqualTo(5);
    ArmStats none = ArmStats.shiftedSampleMean(4, 0, 0, 0, 0);
    assertThat(none.mean()).isZero();
    assertThat(none.variance()).isZero();
    // more units with values than units (inconsistent data): plain sums, no zeros merged
    ArmStats over = ArmStats.shiftedSampleMean(2, 3, 1, 0, 2);
    assertThat(over.mean()).isEqualTo(1.5);
    assertThat(over.variance()).isEqualTo(ArmStats.sampleMean(2, 3, 5).variance());
  }
}
