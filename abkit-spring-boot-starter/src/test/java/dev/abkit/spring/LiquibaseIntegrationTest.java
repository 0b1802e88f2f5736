package dev.abkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.abkit.AbKit;
import dev.abkit.spring.app.DemoApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An app whose schema Boot's Liquibase manages, including abkit's changelog as the README says,
 * with {@code abkit.store.jdbc.create-schema=false}: Liquibase creates abkit's tables before the
 * store checks them, and the store records into them.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:abkit_liquibase_app;DB_CLOSE_DELAY=-1",
      "spring.liquibase.enabled=true",
      "spring.liquibase.change-log=classpath:db/app-liquibase/changelog.xml",
      "abkit.store.jdbc.create-schema=false"
    })
class LiquibaseIntegrationTest {
  @Autowired AbKit abkit;
  @Autowired JdbcTemplate jdbc;

  @Test
  void abkitsChangelogRunsInsideTheAppsAndTheStoreUsesIt() {
    assertThat(
            jdbc.queryForList(
                "SELECT ID FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED", String.class))
        .startsWith("app-1", "abkit-schema-1");
    abkit.track("liquibase-unit", "kpi_click");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              abkit.flush();
              assertThat(
                      jdbc.queryForObject(
                          "SELECT COUNT(*) FROM abkit_events WHERE unit = 'liquibase-unit'",
                          Long.class))
                  .isEqualTo(1L);
            });
  }
}
