package dev.abkit.examples;

/** The {@code abkit} command line. Placeholder: the CLI work implements it. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("abkit");
  }
}
