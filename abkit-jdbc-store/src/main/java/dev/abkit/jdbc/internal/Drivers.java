package dev.abkit.jdbc.internal;

import dev.abkit.jdbc.Dialect;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/** Finds the JDBC driver class where {@link DriverManager} cannot. */
public final class Drivers {
  private Drivers() {}

  /**
   * The driver to name explicitly for {@code url}: {@code null} when {@link DriverManager} already
   * finds one, else the usual driver of the dialect if it can be loaded (DriverManager registers
   * only the drivers its own class loader saw, so a driver in a web application's {@code
   * WEB-INF/lib} is invisible to it on Tomcat).
   */
  public static String fallback(String url, Dialect dialect) {
    try {
      DriverManager.getDriver(url);
      return null;
    } catch (SQLException noSuitableDriver) {
      String usual = usualDriver(url, dialect);
      return usual != null && loadable(usual) ? usual : null;
    }
  }

  /**
   * Loads {@code className} through the context class loader, else this library's.
   *
   * @throws IllegalArgumentException naming the class and what to add
   */
  public static Class<?> load(String className) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try {
      return Class.forName(
          className, true, context != null ? context : Drivers.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      try {
        return Class.forName(className, true, Drivers.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError again) {
        throw new IllegalArgumentException(
            "driverClassName: no class "
                + className
                + " on the class path; add the JDBC driver's jar to the application",
            e);
      }
    }
  }

  private static boolean loadable(String className) {
    try {
      load(className);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String usualDriver(String url, Dialect dialect) {
    return switch (dialect) {
      case POSTGRESQL -> "org.postgresql.Driver";
      case MARIADB ->
          url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:")
              ? "com.mysql.cj.jdbc.Driver"
              : "org.mariadb.jdbc.Driver";
      case H2 -> "org.h2.Driver";
    };
  }
}
