package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.AbKit;
import dev.abkit.spring.app.DemoApplication;
import dev.abkit.spring.internal.FlywaySchemaMigration;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An app whose schema Boot's Flyway migrates, with its own V1: abkit's tables are migrated by a
 * second Flyway with its own history table, so the two V1s never meet, and the store runs on them
 * without creating tables itself.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:abkit_flyway_app;DB_CLOSE_DELAY=-1",
      "spring.flyway.enabled=true",
      "spring.flyway.locations=classpath:db/app"
    })
class FlywayIntegrationTest {
  @Autowired AbKit abkit;
  @Autowired JdbcTemplate jdbc;
  @Autowired Flyway appFlyway;

  @Test
  void abkitsMigrationsRunBesideTheAppsWithTheirOwnHistory() {
    assertThat(
            jdbc.queryForList(
                "SELECT \"script\" FROM \"flyway_schema_history\""
                    + " WHERE \"success\" AND \"type\" = 'SQL'",
                String.class))
        .containsExactly("V1__app_orders.sql");
    List<String> abkitScripts =
        jdbc.queryForList(
            "SELECT \"script\" FROM \""
                + FlywaySchemaMigration.HISTORY_TABLE
                + "\" WHERE \"success\" AND \"type\" = 'SQL' ORDER BY \"installed_rank\"",
            String.class);
    assertThat(abkitScripts).isNotEmpty().allMatch(s -> s.matches("V\\d+__abkit_.*\\.sql"));
    assertThat(abkitScripts.get(0)).isEqualTo("V1__abkit_schema.sql");
    assertThat(appFlyway.info().pending()).isEmpty();
  }

  @Test
  void theStoreRecordsIntoTheMigratedTables() {
    abkit.track("flyway-unit", "kpi_click");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              abkit.flush();
              assertThat(
                      jdbc.queryForObject(
                          "SELECT COUNT(*) FROM abkit_events WHERE unit = 'flyway-unit'",
                          Long.class))
                  .isEqualTo(1L);
            });
  }
}
