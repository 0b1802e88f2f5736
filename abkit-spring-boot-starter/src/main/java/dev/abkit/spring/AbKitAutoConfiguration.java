package dev.abkit.spring;

import dev.abkit.AbKit;
import dev.abkit.spring.internal.AbKitFactory;
import dev.abkit.spring.internal.AbKitStore;
import dev.abkit.spring.internal.DependencyFloor;
import dev.abkit.spring.internal.FlywaySchemaMigration;
import dev.abkit.spring.internal.SchemaMigration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The {@link AbKit} bean, built from {@code abkit.*} properties on the application's own
 * DataSource, and closed (flushing the pipeline) when the context closes, after the web server has
 * stopped taking requests under graceful shutdown.
 *
 * <p>Boot 4 moved the DataSource, Flyway and Liquibase auto-configurations to new packages; the
 * ordering names both lines' classes (names of absent classes are ignored).
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
      "org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration",
      "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"
    })
@EnableConfigurationProperties(AbKitProperties.class)
@Import({
  AbKitServletConfiguration.class,
  AbKitActuatorConfiguration.class,
  AbKitBoot4HealthConfiguration.class,
  AbKitBoot3HealthConfiguration.class
})
public class AbKitAutoConfiguration {

  /**
   * The store of {@code abkit.store.*}. No destroy method: the AbKit bean closes it after the
   * pipeline's last flush.
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean({AbKit.class, AbKitStore.class})
  // With Flyway or Liquibase managing abkit's tables, they must exist before the store checks them.
  @DependsOnDatabaseInitialization
  public AbKitStore abkitStore(
      AbKitProperties properties,
      ObjectProvider<DataSource> dataSource,
      Environment env,
      ObjectProvider<SchemaMigration> migration) {
    return AbKitFactory.openStore(
        properties, dataSource.getIfUnique(), env, migration.getIfAvailable());
  }

  /**
   * When the application migrates its schema with Boot's Flyway, abkit's tables are Flyway
   * migrations too, with their own history table ({@link FlywaySchemaMigration}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.flywaydb.core.Flyway")
  static class FlywayMigrationConfiguration {
    @Bean
    @ConditionalOnBean(type = "org.flywaydb.core.Flyway")
    @ConditionalOnMissingBean(SchemaMigration.class)
    SchemaMigration abkitFlywayMigration(org.flywaydb.core.Flyway flyway) {
      return new FlywaySchemaMigration(flyway);
    }
  }

  /** The application's AbKit. Declare your own AbKit bean to replace it. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public AbKit abkit(AbKitProperties properties, AbKitStore store, ResourceLoader resources) {
    DependencyFloor.warnIfBelow();
    return AbKitFactory.build(properties, store, resources);
  }
}
