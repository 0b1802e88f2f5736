package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void grow_doublesUpToTheMaximum() {
    Backoff b = new Backoff(100, 1000);
    assertThat(b.current()).isEqualTo(100);
    assertThat(b.grow()).isEqualTo(200);
    assertThat(b.grow()).isEqualTo(400);
    assertThat(b.grow()).isEqualTo(800);
    assertThat(b.grow()).isEqualTo(1000);
    assertThat(b.grow()).isEqualTo(1000);
    assertThat(b.current()).isEqualTo(1000);
  }

  @Test
  void grow_nearLongMax_doesNotOverflow() {
    Backoff b = new Backoff(Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE);
    assertThat(b.grow()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void reset_startsOverAtTheInitialDelay() {
    Backoff b = new Backoff(100, 1000);
    b.grow();
    b.grow();
    b.reset();
    assertThat(b.current()).isEqualTo(100);
  }

  @Test
  void resumeAt_isClampedToInitialAndMax() {
    Backoff b = new Backoff(100, 1000);
    b.resumeAt(50);
    assertThat(b.current()).isEqualTo(100);
    b.resumeAt(300);
    assertThat(b.current()).isEqualTo(300);
    assertThat(b.grow()).isEqualTo(600);
    b.resumeAt(5000);
    assertThat(b.current()).isEqualTo(1000);
  }

  @Test
  void constructor_badBounds_areRejected() {
    assertThatThrownBy(() -> new Backoff(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(10, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoff needs 0 < initial <= max, was 10..5");
  }
}
