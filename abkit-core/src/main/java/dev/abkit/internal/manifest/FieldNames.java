package dev.abkit.internal.manifest;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** Guesses which known field an unknown one is a misspelling of. */
final class FieldNames {
  private FieldNames() {}

  /**
   * The known name closest to {@code name} by edit distance (case ignored, '-' read as '_'), or
   * {@code null} when none is close enough to be a likely typo: at most one edit for names of up to
   * four characters, two for longer ones. Ties go to the alphabetically first name, so the
   * suggestion does not depend on set iteration order.
   */
  static String closest(String name, Set<String> known) {
    String n = normal(name);
    int allowed = n.length() <= 4 ? 1 : 2;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : new TreeSet<>(known)) {
      int d = distance(n, normal(k));
      if (d <= allowed && d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best;
  }

  private static String normal(String s) {
    return s.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
