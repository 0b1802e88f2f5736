package dev.abkit.spring.internal;

import dev.abkit.AbKit;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers {@code abkitHealthIndicator} as a {@code org.springframework.boot.actuate.health
 * .HealthIndicator} (Spring Boot 3) by reflection: one starter jar serves Boot 4 and Boot 3, and it
 * compiles against Boot 4 only. The bean definition names the interface as its type, so Boot's
 * health registry finds it before it is created.
 */
public final class Boot3HealthRegistrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {
  static final String INDICATOR = "org.springframework.boot.actuate.health.HealthIndicator";
  static final String HEALTH = "org.springframework.boot.actuate.health.Health";

  private BeanFactory beans;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beans = beanFactory;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    if (registry.containsBeanDefinition("abkitHealthIndicator")) {
      return;
    }
    ClassLoader loader = Boot3HealthRegistrar.class.getClassLoader();
    Class<?> indicator;
    try {
      indicator = Class.forName(INDICATOR, false, loader);
    } catch (ClassNotFoundException e) {
      return;
    }
    RootBeanDefinition def = new RootBeanDefinition();
    def.setTargetType(indicator);
    def.setInstanceSupplier(() -> proxy(indicator, loader));
    registry.registerBeanDefinition("abkitHealthIndicator", def);
  }

  private Object proxy(Class<?> indicator, ClassLoader loader) {
    // one check per indicator: it remembers when it last saw records quarantined
    PipelineHealthCheck check =
        new PipelineHealthCheck(
            beans.getBean(AbKit.class),
            beans.getBeanProvider(AbKitStore.class).getIfAvailable(),
            Clock.systemUTC());
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("health") && method.getParameterCount() == 0) {
            return health(check, loader);
          }
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          return switch (method.getName()) {
            case "toString" -> "abkitHealthIndicator";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.toString());
          };
        };
    return Proxy.newProxyInstance(loader, new Class<?>[] {indicator}, handler);
  }

  private static Object health(PipelineHealthCheck check, ClassLoader loader)
      throws ReflectiveOperationException {
    PipelineHealth h = check.check();
    Class<?> health = Class.forName(HEALTH, false, loader);
    Object builder = health.getMethod("status", String.class).invoke(null, h.status());
    Method withDetails = builder.getClass().getMethod("withDetails", Map.class);
    withDetails.invoke(builder, h.details());
    return builder.getClass().getMethod("build").invoke(builder);
  }
}
