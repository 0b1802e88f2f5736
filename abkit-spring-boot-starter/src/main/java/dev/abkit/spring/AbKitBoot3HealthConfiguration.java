package dev.abkit.spring;

import dev.abkit.spring.internal.Boot3HealthRegistrar;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Health contributor {@code abkit} on Spring Boot 3.5, whose health API (in spring-boot-actuator)
 * the starter does not compile against: the indicator is a proxy of Boot 3's interface.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@Import(Boot3HealthRegistrar.class)
class AbKitBoot3HealthConfiguration {}
