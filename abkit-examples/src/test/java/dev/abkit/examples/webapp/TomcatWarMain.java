package dev.abkit.examples.webapp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.JreMemoryLeakPreventionListener;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * A standalone Tomcat for {@link TomcatWarTest}, run in its own JVM whose class path holds Tomcat
 * (and this class) only, as {@code $CATALINA_HOME/lib} does, and the server listener the
 * distribution's {@code server.xml} declares: everything the app needs, the JDBC driver included,
 * must come from its {@code WEB-INF/lib}. Arguments: Tomcat's base directory and the exploded WAR.
 * Prints {@code driverOnSystemClassPath=<bool>} and {@code port=<n>} once serving; stops (running
 * the app's context listeners' shutdown) when its standard input closes.
 */
final class TomcatWarMain {
  private TomcatWarMain() {}

  public static void main(String[] args) throws LifecycleException, IOException {
    System.out.println("driverOnSystemClassPath=" + present("org.h2.Driver"));
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(args[0]);
    // As in the distribution's server.xml: this listener initialises DriverManager before any app,
    // from the server's class loader, so DriverManager never sees a driver in WEB-INF/lib (the
    // cause of "No suitable driver"); without it, the first app to use DriverManager would have
    // its own drivers registered and the test would not be standalone Tomcat's situation.
    tomcat.getServer().addLifecycleListener(new JreMemoryLeakPreventionListener());
    tomcat.setPort(0);
    Connector connector = tomcat.getConnector();
    connector.setProperty("address", "127.0.0.1");
    Context ctx = tomcat.addWebapp("", Path.of(args[1]).toAbsolutePath().toString());
    StandardJarScanner scanner = new StandardJarScanner();
    scanner.setScanClassPath(false); // the app's WEB-INF/lib only
    ctx.setJarScanner(scanner);
    tomcat.start();
    System.out.println("port=" + connector.getLocalPort());
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // the test closes our standard input to stop us
    }
    tomcat.stop();
    tomcat.destroy();
    System.out.println("stopped");
    System.out.flush();
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, ClassLoader.getSystemClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
