package dev.abkit.spring.internal;

import dev.abkit.AbKit;
import dev.abkit.servlet.AbKitServlets;
import dev.abkit.servlet.ExposureFilter;
import dev.abkit.spring.AbKitProperties;
import dev.abkit.spring.AbKitServletConfiguration;
import jakarta.servlet.DispatcherType;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * One {@code FilterRegistrationBean<ExposureFilter>} bean per {@code abkit.servlet.exposure.<name>}
 * route: registration beans (not a servlet-context initializer) so that MockMvc applies them too.
 * Their number comes from the properties, hence bean definitions rather than {@code @Bean} methods.
 */
public final class ExposureFilterRegistrar
    implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {
  private Environment env;
  private BeanFactory beans;

  @Override
  public void setEnvironment(Environment environment) {
    this.env = environment;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beans = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    Map<String, AbKitProperties.Exposure> routes =
        Binder.get(env)
            .bind(
                "abkit.servlet.exposure",
                Bindable.mapOf(String.class, AbKitProperties.Exposure.class))
            .orElse(Map.of());
    int n = 0;
    for (Map.Entry<String, AbKitProperties.Exposure> e : routes.entrySet()) {
      String pattern = e.getValue().getPath();
      int order = AbKitServletConfiguration.ASSIGNMENT_FILTER_ORDER + 1 + n;
      String name = "abkit-exposure-" + e.getKey();
      RootBeanDefinition def = new RootBeanDefinition(FilterRegistrationBean.class);
      def.setInstanceSupplier(() -> registration(name, pattern, order));
      registry.registerBeanDefinition("abkitExposureFilter." + e.getKey(), def);
      n++;
    }
  }

  private FilterRegistrationBean<ExposureFilter> registration(
      String name, String pattern, int order) {
    // The Config bean validated the routes; take the experiment ids from it.
    AbKitServlets.Config config = beans.getBean(AbKitServlets.Config.class);
    List<String> ids = config.exposures().get(pattern);
    if (ids == null) {
      throw new IllegalStateException(
          "abkit: exposure route "
              + name
              + " ("
              + pattern
              + ") is not in the AbKitServlets.Config");
    }
    FilterRegistrationBean<ExposureFilter> r =
        new FilterRegistrationBean<>(new ExposureFilter(beans.getBean(AbKit.class), ids));
    r.setName(name);
    r.setOrder(order);
    r.setDispatcherTypes(DispatcherType.REQUEST);
    r.setAsyncSupported(true);
    r.setUrlPatterns(List.of(pattern));
    return r;
  }
}
