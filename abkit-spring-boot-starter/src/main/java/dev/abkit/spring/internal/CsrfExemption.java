package dev.abkit.spring.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Exempts exactly {@code POST <abkit.servlet.events-path>} from CSRF protection in every {@code
 * HttpSecurity} the application builds, and nothing else: the rest of each filter chain (session,
 * authentication, authorization, headers) stays as the application configured it.
 *
 * <p>Why an exemption rather than honouring the token: browsers send abkit events with {@code
 * navigator.sendBeacon} and from pages that are not Spring-rendered, neither of which can carry a
 * CSRF header. Little is at stake: the endpoint only takes {@code application/json}, which a
 * cross-site form cannot send without a CORS preflight, and a forged request could only record an
 * event for the victim's own unit, never read data or change state the application acts on.
 *
 * <p>Spring Security builds {@code HttpSecurity} as a prototype bean (in 6.x and 7.x alike), so a
 * bean post-processor reaches every chain the application defines, including Boot's default one; a
 * later {@code http.csrf(...)} in the application adds to the ignored matchers rather than
 * replacing them.
 */
public final class CsrfExemption implements BeanPostProcessor {
  private final String eventsPath;

  public CsrfExemption(String eventsPath) {
    this.eventsPath = eventsPath;
  }

  /** Whether {@code request} is a POST to the event endpoint. */
  public boolean matches(HttpServletRequest request) {
    if (eventsPath == null || eventsPath.isBlank() || !"POST".equals(request.getMethod())) {
      return false;
    }
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String path =
        context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    return eventsPath.equals(path);
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
    if (bean instanceof HttpSecurity http) {
      RequestMatcher events = this::matches;
      try {
        http.csrf(csrf -> csrf.ignoringRequestMatchers(events));
      } catch (Exception e) {
        throw new IllegalStateException("abkit: exempting " + eventsPath + " from CSRF failed", e);
      }
    }
    return bean;
  }
}
