package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.abkit.AbKit;
import dev.abkit.Assignment;
import dev.abkit.Reason;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sticky assignment end to end: AbKit's engine with the JDBC store as its assignment store. */
class JdbcStoreAbKitTest {
  private TestDatabase db;
  private String prefix;

  @BeforeEach
  void setUp() {
    prefix = TestDatabase.freshPrefix();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (db != null) {
      db.dropTables(prefix);
    }
  }

  private static String manifest(String salt, double weightA, double weightB) {
    return "{\"experiments\": [{\"id\": \"exp\", \"salt\": \""
        + salt
        + "\", \"target_event\": \"click\", \"variants\": [{\"key\": \"A\", \"weight\": "
        + weightA
        + "}, {\"key\": \"B\", \"weight\": "
        + weightB
        + "}]}]}";
  }

  private Map<String, Assignment> assignAll(String manifest) {
    Map<String, Assignment> out = new HashMap<>();
    // A fresh store and AbKit each time: what a restarted (or another) application instance sees.
    // The lookups may wait as long as they need: this is about what the store keeps, and a first
    // lookup slower than the default 50 ms (connecting, a busy machine) would serve hashed
    // variants while the store is behind.
    try (JdbcStore store = db.store(prefix).build();
        AbKit abkit =
            AbKit.builder()
                .manifestJson(manifest)
                .assignmentStore(store)
                .stickyTimeout(Duration.ofSeconds(10))
                .build()) {
      for (int i = 0; i < 200; i++) {
        out.put("u" + i, abkit.assign("exp", "u" + i));
      }
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void assign_weightsChangedLater_unitsKeepTheirFirstVariantUntilTheSaltChanges(
      TestDatabase database) {
    database.requireReachable();
    db = database;

    Map<String, Assignment> first = assignAll(manifest("s1", 1, 1));
    Map<String, Assignment> afterWeightChange = assignAll(manifest("s1", 0, 1));
    Map<String, Assignment> afterSaltChange = assignAll(manifest("s2", 0, 1));

    assertThat(first.values()).extracting(Assignment::variant).contains("A", "B");
    first.forEach(
        (unit, a) -> {
          Assignment later = afterWeightChange.get(unit);
          assertThat(later.variant()).as(unit).isEqualTo(a.variant());
          assertThat(later.reason())
              .as(unit)
              .isEqualTo(a.variant().equals("A") ? Reason.STICKY : Reason.HASHED);
        });
    assertThat(afterSaltChange.values()).extracting(Assignment::variant).containsOnly("B");
  }
}
