package dev.abkit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchUsersTest {
  @Test
  void ids_are1024DistinctSixDigitUserIds_sameForEveryCall() {
    String[] ids = BenchUsers.ids();

    assertThat(ids).hasSize(BenchUsers.SIZE).doesNotHaveDuplicates();
    assertThat(ids).allMatch(id -> id.matches("user-\\d{6}"));
    assertThat(BenchUsers.ids()).containsExactly(ids);
  }

  @Test
  void next_cyclesThroughThePool() {
    BenchUsers users = new BenchUsers();
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (int i = 0; i < BenchUsers.SIZE; i++) {
      first.add(users.next());
    }
    for (int i = 0; i < BenchUsers.SIZE; i++) {
      second.add(users.next());
    }

    assertThat(first).containsExactlyInAnyOrder(BenchUsers.ids());
    assertThat(second).isEqualTo(first);
  }
}
