package dev.abkit.spring.boot3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.AbKit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On Boot 3.5 with Boot's Flyway migrating the app's own V1: abkit's tables are migrated beside it
 * with their own history table, and the store records into them.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:abkit_b3_flyway;DB_CLOSE_DELAY=-1",
      "spring.flyway.enabled=true",
      "spring.flyway.locations=classpath:db/app"
    })
class Boot3FlywayTest {
  @Autowired AbKit abkit;
  @Autowired JdbcTemplate jdbc;

  @Test
  void abkitsMigrationsRunBesideTheAppsAndTheStoreUsesThem() {
    assertThat(
            jdbc.queryForList(
                "SELECT \"script\" FROM \"flyway_schema_history\""
                    + " WHERE \"success\" AND \"type\" = 'SQL'",
                String.class))
        .containsExactly("V1__app_orders.sql");
    assertThat(
            jdbc.queryForList(
                "SELECT \"script\" FROM \"abkit_flyway_history\""
                    + " WHERE \"success\" AND \"type\" = 'SQL' ORDER BY \"installed_rank\"",
                String.class))
        .startsWith("V1__abkit_schema.sql");
    abkit.track("b3-flyway-unit", "kpi_click");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              abkit.flush();
              assertThat(
                      jdbc.queryForObject(
                          "SELECT COUNT(*) FROM abkit_events WHERE unit = 'b3-flyway-unit'",
                          Long.class))
                  .isEqualTo(1L);
            });
  }
}
