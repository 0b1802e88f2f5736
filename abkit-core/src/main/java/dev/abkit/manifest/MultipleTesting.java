package dev.abkit.manifest;

/** The correction of p-values over goal and secondary metrics and treatments (DESIGN.md 10). */
public enum MultipleTesting {
  /** Holm's step-down (controls the family-wise error rate). */
  HOLM("holm"),
  /** Benjamini-Hochberg (controls the false discovery rate). */
  BH("bh"),
  /** No correction. */
  NONE("none");

  private final String jsonName;

  MultipleTesting(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The manifest spelling. */
  public String jsonName() {
    return jsonName;
  }
}
