package dev.abkit.spring;

import dev.abkit.AbKit;
import dev.abkit.servlet.AbKitServlets;
import dev.abkit.servlet.AssignmentFilter;
import dev.abkit.servlet.EventServlet;
import dev.abkit.servlet.Experiments;
import dev.abkit.servlet.ResultsServlet;
import dev.abkit.spring.internal.CsrfExemption;
import dev.abkit.spring.internal.ExposureFilterRegistrar;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * abkit's filters and servlets as Spring registration beans, so that the embedded server and
 * MockMvc see the same ones: the assignment filter on {@code /*} right after Spring Security's
 * filter chain (so the unit resolver sees the authenticated principal), the exposure filters after
 * it, the event and results servlets.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({jakarta.servlet.Filter.class, FilterRegistrationBean.class})
@Import(ExposureFilterRegistrar.class)
public class AbKitServletConfiguration {

  /**
   * Spring Security's filter chain runs at order -100 ({@code SecurityProperties
   * .DEFAULT_FILTER_ORDER}, not referenced to keep Security optional); abkit's assignment filter
   * runs just after it.
   */
  public static final int ASSIGNMENT_FILTER_ORDER = -100 + 10;

  /**
   * How the filters and endpoints behave, from {@code abkit.servlet.*}. Declare your own {@code
   * AbKitServlets.Config} bean to set a unit resolver or attribute extractor.
   */
  @Bean
  @ConditionalOnMissingBean
  public AbKitServlets.Config abkitServletConfig(AbKitProperties properties) {
    AbKitProperties.Servlet s = properties.getServlet();
    AbKitServlets.Config.Builder b = AbKitServlets.Config.builder();
    s.getExposure()
        .forEach(
            (name, route) -> {
              if (route.getPath() == null) {
                throw new IllegalStateException(
                    "abkit.servlet.exposure." + name + ".path is missing");
              }
              b.exposure(route.getPath(), route.getExperiments());
            });
    if (s.getEventsPath() == null || s.getEventsPath().isBlank()) {
      b.noEventsEndpoint();
    } else {
      b.eventsPath(s.getEventsPath());
    }
    if (s.getResultsPath() == null || s.getResultsPath().isBlank()) {
      b.noResultsEndpoint();
    } else {
      b.resultsPath(s.getResultsPath());
    }
    return b.resultsToken(s.getResultsToken()).build();
  }

  @Bean
  public FilterRegistrationBean<AssignmentFilter> abkitAssignmentFilter(
      AbKit abkit, AbKitServlets.Config config) {
    FilterRegistrationBean<AssignmentFilter> r =
        new FilterRegistrationBean<>(
            new AssignmentFilter(abkit, config.unitResolver(), config.attributeExtractor()));
    r.setName("abkit-assignment");
    r.setOrder(ASSIGNMENT_FILTER_ORDER);
    r.setDispatcherTypes(DispatcherType.REQUEST);
    r.setAsyncSupported(true);
    r.setUrlPatterns(List.of("/*"));
    return r;
  }

  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
      "'${abkit.servlet.events-path:/abkit/events}' != ''")
  public ServletRegistrationBean<EventServlet> abkitEventServlet(
      AbKit abkit, AbKitServlets.Config config) {
    ServletRegistrationBean<EventServlet> r =
        new ServletRegistrationBean<>(new EventServlet(abkit, config), config.eventsPath());
    r.setName("abkit-events");
    return r;
  }

  @Bean
  @org.springframework.boot.autoconfigure.condition.ConditionalOnExpression(
      "'${abkit.servlet.results-path:/abkit/results}' != ''")
  public ServletRegistrationBean<ResultsServlet> abkitResultsServlet(
      AbKit abkit, AbKitServlets.Config config) {
    ServletRegistrationBean<ResultsServlet> r =
        new ServletRegistrationBean<>(
            new ResultsServlet(abkit, config.resultsToken()),
            config.resultsPath(),
            config.resultsPath() + ".html");
    r.setName("abkit-results");
    return r;
  }

  /** Puts AbKit in the servlet context attribute, for filters or servlets declared by hand. */
  @Bean
  public ServletContextInitializer abkitContextAttribute(AbKit abkit) {
    return ctx -> ctx.setAttribute(AbKitServlets.ABKIT_ATTRIBUTE, abkit);
  }

  /** {@code Experiments} as a Spring MVC handler-method parameter. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(WebMvcConfigurer.class)
  static class Mvc implements WebMvcConfigurer {
    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
      resolvers.add(new ExperimentsArgumentResolver());
    }
  }

  static final class ExperimentsArgumentResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return parameter.getParameterType() == Experiments.class;
    }

    @Override
    public Object resolveArgument(
        MethodParameter parameter,
        ModelAndViewContainer mav,
        NativeWebRequest request,
        WebDataBinderFactory binders) {
      HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
      if (http == null) {
        throw new IllegalStateException("Experiments parameters need a servlet request");
      }
      return Experiments.of(http);
    }
  }

  /** The event endpoint's CSRF exemption, with Spring Security on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = "org.springframework.security.config.annotation.web.builders.HttpSecurity")
  static class Security {
    @Bean
    static BeanPostProcessor abkitCsrfExemption(org.springframework.core.env.Environment env) {
      String path = env.getProperty("abkit.servlet.events-path", "/abkit/events");
      return new CsrfExemption(path);
    }
  }
}
