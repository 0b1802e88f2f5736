package dev.abkit.spi;

/**
 * Opens a store from a one-line spec such as {@code file:/var/lib/app/abkit} or {@code
 * jdbc:postgresql://db/app}: how configuration that is only text (web.xml's {@code abkit.store}
 * context parameter, say) names a store without linking against the module that implements it.
 * {@link StoreProviders#open} picks the provider whose {@link #scheme} the spec starts with.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader}: on the class path through a {@code
 * META-INF/services/dev.abkit.spi.StoreProvider} file, on the module path through {@code provides
 * dev.abkit.spi.StoreProvider with ...} in the module descriptor (a module should declare both).
 * abkit-core provides {@code file:}, abkit-jdbc-store provides {@code jdbc:}. An implementation
 * must be public, have a public no-argument constructor and be thread-safe.
 */
public interface StoreProvider {

  /**
   * The scheme this provider opens: the spec's text before its first colon, lower case (e.g. {@code
   * jdbc}).
   */
  String scheme();

  /**
   * How a spec of this scheme looks, for error messages listing the choices (e.g. {@code
   * jdbc:<url>}). The default is the scheme followed by {@code :<location>}.
   */
  default String form() {
    return scheme() + ":<location>";
  }

  /**
   * Opens the store {@code spec} names. The caller owns the result and closes it.
   *
   * @param spec the whole spec, scheme included
   * @param credentials a user and password, for stores that need them (others ignore them)
   * @throws IllegalArgumentException if the spec is malformed for this scheme
   * @throws Exception if the store cannot be opened
   */
  OpenedStore open(String spec, StoreCredentials credentials) throws Exception;
}
