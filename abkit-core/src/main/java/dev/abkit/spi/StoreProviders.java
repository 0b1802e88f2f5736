package dev.abkit.spi;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Opens stores from specs through the {@link StoreProvider}s that {@link ServiceLoader} finds, with
 * the thread's context class loader (a web app's own libraries) and then abkit-core's. Each call
 * looks the providers up afresh: stores are opened at start-up, not per request. Thread-safe.
 */
public final class StoreProviders {
  /** abkit's own modules that provide a scheme, named when that module is missing. */
  private static final Map<String, Missing> FIRST_PARTY =
      Map.of(
          "jdbc",
          new Missing("jdbc:<url>", "dev.abkit:abkit-jdbc-store", "the database's JDBC driver"));

  private record Missing(String form, String artifact, String alsoNeeded) {}

  private StoreProviders() {}

  /**
   * Opens the store {@code spec} names with the provider of its scheme.
   *
   * @throws IllegalArgumentException if the spec has no known scheme (the message lists the forms
   *     available, and names the artifact to add when the scheme is one of abkit's own modules), or
   *     the provider finds it malformed
   * @throws IllegalStateException if the provider cannot open the store (the cause says why)
   */
  public static OpenedStore open(String spec, StoreCredentials credentials) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(credentials, "credentials");
    int colon = spec.indexOf(':');
    String scheme = colon > 0 ? spec.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    List<Throwable> broken = new ArrayList<>();
    Map<String, StoreProvider> providers = providers(broken);
    StoreProvider provider = providers.get(scheme);
    if (provider == null) {
      throw unknown(spec, scheme, providers, broken);
    }
    try {
      OpenedStore opened = provider.open(spec, credentials);
      if (opened == null) {
        throw new IllegalStateException(provider.getClass().getName() + ".open returned null");
      }
      return opened;
    } catch (RuntimeException e) {
      throw e;
    } catch (LinkageError e) {
      // The provider's module is there but a library it needs is not.
      throw new IllegalStateException(
          "a " + scheme + ": store is missing a class on the class path: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot open the " + scheme + ": store: " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException unknown(
      String spec, String scheme, Map<String, StoreProvider> providers, List<Throwable> broken) {
    Missing missing = FIRST_PARTY.get(scheme);
    String message;
    if (missing != null) {
      message =
          "a "
              + scheme
              + ": store needs "
              + missing.artifact()
              + " (and "
              + missing.alsoNeeded()
              + ") on the class path";
    } else {
      Map<String, String> forms = new TreeMap<>();
      providers.forEach((s, p) -> forms.put(s, p.form()));
      FIRST_PARTY.forEach((s, m) -> forms.putIfAbsent(s, m.form()));
      int colon = spec.indexOf(':');
      // Only the scheme is echoed: the rest of a spec may hold a password.
      String was = colon > 0 ? spec.substring(0, colon + 1) + "..." : "\"" + spec + "\"";
      message = "must be " + orList(List.copyOf(forms.values())) + ", was " + was;
    }
    // A provider that failed to load may be the one asked for: its error is the cause.
    IllegalArgumentException e =
        new IllegalArgumentException(message, broken.isEmpty() ? null : broken.get(0));
    broken.stream().skip(1).forEach(e::addSuppressed);
    return e;
  }

  private static String orList(List<String> forms) {
    if (forms.size() == 1) {
      return forms.get(0);
    }
    return String.join(", ", forms.subList(0, forms.size() - 1))
        + " or "
        + forms.get(forms.size() - 1);
  }

  /**
   * The providers by scheme, the first found for a scheme winning; providers that fail to load are
   * added to {@code broken} and skipped, so one broken jar does not hide the others.
   */
  private static Map<String, StoreProvider> providers(List<Throwable> broken) {
    Map<String, StoreProvider> byScheme = new TreeMap<>();
    Set<ClassLoader> loaders = new LinkedHashSet<>();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null) {
      loaders.add(context);
    }
    loaders.add(StoreProviders.class.getClassLoader());
    for (ClassLoader loader : loaders) {
      Iterator<StoreProvider> it = ServiceLoader.load(StoreProvider.class, loader).iterator();
      // A listed class that cannot be loaded fails one step; the iterator then moves on. The bound
      // guards against an iterator that would keep failing on the same entry.
      for (int failures = 0; failures < 16; ) {
        try {
          if (!it.hasNext()) {
            break;
          }
          StoreProvider p = it.next();
          byScheme.putIfAbsent(p.scheme().toLowerCase(Locale.ROOT), p);
        } catch (ServiceConfigurationError | LinkageError e) {
          broken.add(e);
          failures++;
        }
      }
    }
    return byScheme;
  }
}
