package dev.abkit.spring;

import dev.abkit.AbKit;
import dev.abkit.spring.internal.AbKitStore;
import dev.abkit.spring.internal.PipelineHealth;
import dev.abkit.spring.internal.PipelineHealthCheck;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health contributor {@code abkit} on Spring Boot 4 (its health API moved to spring-boot-health).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
class AbKitBoot4HealthConfiguration {

  @Bean
  @ConditionalOnMissingBean(name = "abkitHealthIndicator")
  HealthIndicator abkitHealthIndicator(AbKit abkit, ObjectProvider<AbKitStore> store) {
    PipelineHealthCheck check =
        new PipelineHealthCheck(abkit, store.getIfAvailable(), Clock.systemUTC());
    return () -> {
      PipelineHealth h = check.check();
      return Health.status(new Status(h.status())).withDetails(h.details()).build();
    };
  }
}
