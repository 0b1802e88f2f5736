package dev.abkit.examples.cli;

import java.sql.Connection;
import java.sql.DriverManager;

/** Opens an H2 database, says "open", and holds it until its standard input closes. */
public final class HoldH2 {
  private HoldH2() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0])) {
      c.createStatement().execute("CREATE TABLE IF NOT EXISTS held (id INT)");
      System.out.println("open");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the test to close our input
      }
    }
  }
}
