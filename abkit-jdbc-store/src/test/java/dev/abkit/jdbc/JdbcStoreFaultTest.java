package dev.abkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.abkit.event.Event;
import dev.abkit.event.Exposure;
import dev.abkit.event.Observation;
import dev.abkit.testing.TcpProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outages between the store and a real PostgreSQL, made with a {@link TcpProxy}: the database
 * itself is never stopped.
 */
class JdbcStoreFaultTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final TestDatabase db = TestDatabase.POSTGRESQL;
  private String prefix;
  private TcpProxy proxy;
  private JdbcStore store;

  @BeforeEach
  void setUp() throws Exception {
    db.requireReachable();
    prefix = TestDatabase.freshPrefix();
    proxy = TcpProxy.start("127.0.0.1", 5432);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (store != null) {
      store.close();
    }
    proxy.close();
    db.dropTables(prefix);
  }

  private JdbcStore proxiedStore() {
    return JdbcStore.builder()
        .url("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?connectTimeout=2")
        .username(db.user)
        .password(db.password)
        .tablePrefix(prefix)
        .createSchema(true)
        .maximumPoolSize(2)
        .connectionTimeout(Duration.ofMillis(800))
        .build();
  }

  private static List<Observation> batch(int from, int to) {
    List<Observation> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      batch.add(new Exposure("u" + i, "exp", "A", T0));
      batch.add(new Event("e" + i, "u" + i, "click", T0.plusSeconds(1), null, Map.of()));
    }
    return batch;
  }

  private long rows(String table) throws Exception {
    return db.count("select count(*) from " + prefix + table);
  }

  @Test
  void write_whileConnectionsAreCut_throwsAndSucceedsOnceTheyAreBack() throws Exception {
    store = proxiedStore();
    store.write(batch(0, 100));

    proxy.cut();
    assertThatThrownBy(() -> store.write(batch(100, 200))).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> store.write(batch(100, 200))).isInstanceOf(Exception.class);

    proxy.restore();
    // The pipeline retries a failed batch; the same store recovers without a restart.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions() // each failed attempt is what the pipeline's retry would see
        .untilAsserted(() -> store.write(batch(100, 200)));
    store.write(batch(0, 300));

    assertThat(rows("exposures")).isEqualTo(300);
    assertThat(rows("events")).isEqualTo(300);
  }

  @Test
  void build_databaseUnreachableAtStart_startsAndCreatesSchemaWhenItIsBack() throws Exception {
    proxy.cut();
    store = proxiedStore();
    assertThatThrownBy(() -> store.write(batch(0, 10))).isInstanceOf(Exception.class);

    proxy.restore();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions() // each failed attempt is what the pipeline's retry would see
        .untilAsserted(() -> store.write(batch(0, 10)));

    assertThat(rows("exposures")).isEqualTo(10);
    assertThat(rows("schema_version")).isEqualTo(1);
  }

  @Test
  void ping_whileConnectionsAreCut_throws_thenSucceedsAndCreatesTheSchemaOnceBack()
      throws Exception {
    proxy.cut();
    store = proxiedStore();
    assertThatThrownBy(() -> store.ping()).isInstanceOf(Exception.class);

    proxy.restore();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions() // the pipeline's probe sees each failed attempt the same way
        .untilAsserted(() -> store.ping());
    assertThat(rows("schema_version")).isEqualTo(1);
  }
}
