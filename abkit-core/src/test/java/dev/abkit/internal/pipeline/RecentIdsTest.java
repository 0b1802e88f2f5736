package dev.abkit.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RecentIdsTest {

  @Test
  void add_repeatOfTheLastId_isRejected_andRemoveForgetsIt() {
    RecentIds ids = new RecentIds(1024);
    assertThat(ids.add("u", "a")).isTrue();
    assertThat(ids.add("u", "a")).isFalse();
    ids.remove("u", "a");
    assertThat(ids.add("u", "a")).isTrue();
  }

  @Test
  void add_sameIdOfAnotherUnit_isNotARepeat() {
    RecentIds ids = new RecentIds(1024);
    assertThat(ids.add("x", "order-1001")).isTrue();
    assertThat(ids.add("y", "order-1001")).isTrue();
    assertThat(ids.add("order-1001", "x")).isTrue();
    assertThat(ids.add("y", "order-1001")).isFalse();
  }

  @Test
  void add_recentIdsWithinCapacity_areMostlyRemembered() {
    RecentIds ids = new RecentIds(1 << 16);
    for (int i = 0; i < 1000; i++) {
      ids.add("u", "id-" + i);
    }
    int remembered = 0;
    for (int i = 0; i < 1000; i++) {
      remembered += ids.add("u", "id-" + i) ? 0 : 1;
    }
    // 1000 ids in 65536 slots: expected collisions ~ 1000^2 / (2 * 65536) ~ 8
    assertThat(remembered).isGreaterThan(950);
  }

  @Property
  void add_anySequence_neverRejectsAnIdNotSeenBefore(@ForAll List<String> sequence) {
    RecentIds ids = new RecentIds(4); // tiny: many collisions, still no false repeats
    Set<String> seen = new HashSet<>();
    for (String id : sequence) {
      boolean accepted = ids.add("u", id);
      if (!seen.contains(id)) {
        assertThat(accepted).as("first sighting of %s", id).isTrue();
      }
      seen.add(id);
    }
  }
}
