package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.abkit.event.Event;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordQueueTest {

  static QueueItem item(int i) {
    return new QueueItem.Plain(
        new Event("e" + i, "u", "click", Instant.parse("2026-11-23T10:00:00Z"), null, Map.of()));
  }

  @Test
  void offer_aboveTheConfiguredCapacity_isRefusedEvenWhenNotAPowerOfTwo() {
    RecordQueue q = new RecordQueue(3); // the JCTools array underneath holds 4
    assertThat(q.offer(item(1))).isTrue();
    assertThat(q.offer(item(2))).isTrue();
    assertThat(q.offer(item(3))).isTrue();
    assertThat(q.offer(item(4))).isFalse();
    assertThat(q.size()).isEqualTo(3);
    assertThat(q.poll()).isEqualTo(item(1));
    assertThat(q.offer(item(4))).isTrue();
  }

  @Test
  void drainTo_sortsItemsIntoTheBatchInOrder_upToTheLimit() {
    RecordQueue q = new RecordQueue(8);
    q.offer(item(1));
    q.offer(new QueueItem.Flush());
    q.offer(item(2));
    q.offer(QueueItem.Stop.INSTANCE);
    q.offer(item(3));
    Batch b = new Batch(4);
    assertThat(q.drainTo(b, 4)).isEqualTo(4);
    assertThat(b.records)
        .containsExactly(
            ((QueueItem.Plain) item(1)).record(), ((QueueItem.Plain) item(2)).record());
    assertThat(b.flushes).hasSize(1);
    assertThat(b.stop).isTrue();
    assertThat(q.size()).isEqualTo(1);
  }

  @Test
  void timedOffer_queueStaysFull_givesUp() throws Exception {
    RecordQueue q = new RecordQueue(1);
    q.offer(item(1));
    assertThat(q.offer(item(2), TimeUnit.MILLISECONDS.toNanos(1))).isFalse();
  }

  @Test
  void timedOffer_roomMadeMeanwhile_succeeds() throws Exception {
    RecordQueue q = new RecordQueue(1);
    q.offer(item(1));
    CountDownLatch taken = new CountDownLatch(1);
    Thread consumer =
        new Thread(
            () -> {
              q.poll();
              taken.countDown();
            });
    consumer.start();
    taken.await();
    assertThat(q.offer(item(2), TimeUnit.SECONDS.toNanos(10))).isTrue();
  }

  @Test
  void awaitItem_parkedWriter_isWokenByAnOffer() throws Exception {
    RecordQueue q = new RecordQueue(4);
    CountDownLatch woke = new CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              q.awaitItem(TimeUnit.HOURS.toNanos(1));
              woke.countDown();
            });
    q.consumer(writer);
    writer.start();
    // the offer wakes it whether it comes before the park (it then does not park) or after
    q.offer(item(1));
    assertThat(woke.await(30, TimeUnit.SECONDS)).isTrue();
    writer.join();
  }

  @Test
  void awaitItem_itemAlreadyQueued_returnsAtOnce() {
    RecordQueue q = new RecordQueue(4);
    q.consumer(Thread.currentThread());
    q.offer(item(1));
    q.awaitItem(TimeUnit.HOURS.toNanos(1)); // would hang the test if it parked
    assertThat(q.isEmpty()).isFalse();
  }

  @Test
  void constructor_capacityBelowOne_isRejected() {
    assertThatThrownBy(() -> new RecordQueue(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
