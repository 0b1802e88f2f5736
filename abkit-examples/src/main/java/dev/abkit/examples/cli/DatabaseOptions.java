package dev.abkit.examples.cli;

import dev.abkit.examples.demo.DemoOptions;
import picocli.CommandLine.Option;

/** The database options that {@code demo} and {@code results} share (a picocli mixin). */
final class DatabaseOptions {
  @Option(names = "--db-user", paramLabel = "USER", description = "database user for --jdbc-url")
  String user;

  @Option(
      names = "--db-password",
      paramLabel = "PASSWORD",
      description = "database password for --jdbc-url")
  String password;

  @Option(
      names = "--table-prefix",
      paramLabel = "PREFIX",
      defaultValue = DemoOptions.DEFAULT_TABLE_PREFIX,
      description = "prefix of abkit's tables (default: ${DEFAULT-VALUE})")
  String tablePrefix;
}
