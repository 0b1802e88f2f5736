package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.event.Observation;
import dev.abkit.spi.EventStore;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProbeTest {
  final AtomicLong now = new AtomicLong(1_000_000); // a fake nanosecond clock
  final AtomicInteger pings = new AtomicInteger();
  volatile boolean down = true;

  final EventStore store =
      new EventStore() {
        @Override
        public void write(List<Observation> batch) {}

        @Override
        public void ping() throws Exception {
          pings.incrementAndGet();
          if (down) {
            throw new IOException("down (test)");
          }
        }
      };
  final Probe probe = new Probe(store, new Backoff(100, 1000), now::get);

  @AfterEach
  void shutdown() {
    probe.shutdown();
  }

  /** Polls until the running probe has finished, returning what it found. */
  Probe.State finish() {
    Probe.State[] last = new Probe.State[1];
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> (last[0] = probe.poll()) != Probe.State.RUNNING);
    return last[0];
  }

  @Test
  void poll_notDue_waitsWithoutPinging() {
    probe.startAfter(100);
    assertThat(probe.poll()).isEqualTo(Probe.State.WAITING);
    assertThat(probe.waitNanos(5)).isEqualTo(100);
    now.addAndGet(99);
    assertThat(probe.poll()).isEqualTo(Probe.State.WAITING);
    assertThat(pings.get()).isZero();
  }

  @Test
  void poll_storeStillDown_backsOffExponentiallyUpToTheMax() {
    probe.startAfter(100);
    long[] expectedWaits = {200, 400, 800, 1000, 1000};
    for (long expected : expectedWaits) {
      now.addAndGet(probe.waitNanos(0));
      assertThat(probe.poll()).isEqualTo(Probe.State.RUNNING);
      assertThat(probe.waitNanos(7)).as("while running").isEqualTo(7);
      assertThat(finish()).isEqualTo(Probe.State.FAILED);
      assertThat(probe.lastFailure()).hasMessage("down (test)");
      assertThat(probe.waitNanos(0)).isEqualTo(expected);
    }
    assertThat(pings.get()).isEqualTo(expectedWaits.length);
  }

  @Test
  void poll_storeBack_answers_andResetStartsTheNextOutageAfresh() {
    probe.startAfter(400);
    now.addAndGet(400);
    probe.poll();
    assertThat(finish()).isEqualTo(Probe.State.FAILED);
    assertThat(probe.waitNanos(0)).isEqualTo(800);
    down = false;
    now.addAndGet(800);
    assertThat(probe.poll()).isEqualTo(Probe.State.RUNNING);
    assertThat(finish()).isEqualTo(Probe.State.ANSWERED);
    probe.reset();
    probe.failedAgain(); // a replay failing right after: grows from the initial delay again
    assertThat(probe.waitNanos(0)).isEqualTo(200);
  }

  @Test
  void dueNow_andRetryAfter_scheduleWithoutTouchingTheBackoff() {
    probe.dueNow();
    assertThat(probe.waitNanos(0)).isZero();
    probe.retryAfter(5000);
    assertThat(probe.waitNanos(0)).isEqualTo(5000);
    probe.failedAgain();
    assertThat(probe.waitNanos(0)).isEqualTo(200);
  }
}
