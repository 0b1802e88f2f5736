package dev.abkit.examples.cli;

import dev.abkit.examples.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the {@code abkit} command line in-process, capturing stdout and stderr. */
final class Cli {
  private Cli() {}

  /** A finished run. */
  record Run(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, lineCount(out));
    }

    private static int lineCount(String s) {
      return s.endsWith("\n") ? s.split("\n", -1).length - 1 : s.split("\n", -1).length;
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter o = new PrintWriter(out);
    PrintWriter e = new PrintWriter(err);
    int code = Main.commandLine(o, e).execute(args);
    o.flush();
    e.flush();
    return new Run(
        code, out.toString().replace("\r\n", "\n"), err.toString().replace("\r\n", "\n"));
  }
}
