package dev.abkit.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.abkit.event.Exposure;
import dev.abkit.jdbc.Dialect;
import dev.abkit.spring.AbKitProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * When the application's migration tool puts abkit's tables in place, and the store then creates
 * none; when it does not apply (another prefix, {@code create-schema=false}), the store's own DDL
 * or nobody does.
 */
class SchemaMigrationChoiceTest {
  final HikariDataSource ds = new HikariDataSource();
  final AbKitProperties props = new AbKitProperties();
  final List<Dialect> migrated = new ArrayList<>();

  /** Says it manages the tables but creates none, so a store that relied on it finds none. */
  final SchemaMigration claimsTheTables =
      dialect -> {
        migrated.add(dialect);
        return true;
      };

  SchemaMigrationChoiceTest() {
    ds.setJdbcUrl("jdbc:h2:mem:choice" + UUID.randomUUID().toString().replace("-", ""));
    props.getStore().setType(AbKitProperties.StoreType.JDBC);
  }

  @AfterEach
  void close() {
    ds.close();
  }

  void write(AbKitStore store) throws Exception {
    store.events().write(List.of(new Exposure("u1", "exp", "B", Instant.now())));
  }

  @Test
  void theToolMigratesAndTheStoreCreatesNothing() {
    assertThatThrownBy(
            () -> write(AbKitFactory.openStore(props, ds, new MockEnvironment(), claimsTheTables)))
        .hasMessageContaining("cannot read table");
    assertThat(migrated).containsExactly(Dialect.H2);
  }

  @Test
  void anotherPrefixIsNotInTheShippedScriptsSoTheStoreCreatesItsTables() throws Exception {
    props.getStore().getJdbc().setTablePrefix("abkit_other_");
    write(AbKitFactory.openStore(props, ds, new MockEnvironment(), claimsTheTables));
    assertThat(migrated).isEmpty();
  }

  @Test
  void createSchemaFalseLeavesTheTablesToTheApplication() {
    props.getStore().getJdbc().setCreateSchema(false);
    assertThatThrownBy(
            () -> write(AbKitFactory.openStore(props, ds, new MockEnvironment(), claimsTheTables)))
        .hasMessageContaining("cannot read table");
    assertThat(migrated).isEmpty();
  }

  @Test
  void withoutAToolTheStoreCreatesItsTables() throws Exception {
    write(AbKitFactory.openStore(props, ds, new MockEnvironment(), null));
  }
}
