package dev.abkit.spring;

import dev.abkit.AbKit;
import dev.abkit.pipeline.MicrometerMetrics;
import dev.abkit.spring.internal.AbKitEndpoint;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code abkit} Actuator endpoint and the pipeline's meters, when their libraries are present.
 */
@Configuration(proxyBeanMethods = false)
class AbKitActuatorConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class EndpointConfiguration {
    /** {@code /actuator/abkit} (expose it with management.endpoints.web.exposure.include). */
    @Bean
    @ConditionalOnMissingBean
    AbKitEndpoint abkitEndpoint(AbKit abkit) {
      return new AbKitEndpoint(abkit);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class MetricsConfiguration {
    /** {@code abkit.pipeline.*} meters; Boot binds MeterBinder beans to the app's registry. */
    @Bean
    @ConditionalOnMissingBean(name = "abkitMeterBinder")
    MeterBinder abkitMeterBinder(AbKit abkit) {
      return MicrometerMetrics.of(abkit);
    }
  }
}
