package io.drydock.oci.tar;

/**
 * Something in a tar that was skipped or tolerated: {@code path} is the entry name as stored (or
 * {@code null} for the archive as a whole), {@code message} says what and why, in one line.
 */
public record TarDiagnostic(String path, String message) {
  @Override
  public String toString() {
    return path == null ? message : path + ": " + message;
  }
}
