package dev.abkit.spring;

import dev.abkit.spring.app.DemoApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter over a real Tomcat on the app's PostgreSQL DataSource, in a schema and with a table
 * prefix of this run's own.
 */
@SpringBootTest(
    classes = DemoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresStarterTest extends EndToEndContract {
  static final String PREFIX = uniquePrefix();
  static final String SCHEMA = PREFIX + "s";
  static String url;

  @BeforeAll
  static void database() {
    url = Databases.postgresSchema(SCHEMA);
  }

  @AfterAll
  static void dropSchema() {
    Databases.dropPostgresSchema(SCHEMA);
  }

  @DynamicPropertySource
  static void props(DynamicPropertyRegistry r) {
    r.add("spring.datasource.url", () -> url);
    r.add("spring.datasource.username", () -> Databases.PG_USER);
    r.add("abkit.store.jdbc.table-prefix", () -> PREFIX);
  }

  @Override
  String prefix() {
    return PREFIX;
  }
}
