package io.drydock.cli;

/** Entry point of the {@code drydock} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(0);
  }
}
