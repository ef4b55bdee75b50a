package io.drydock.sbom.rpm;

/**
 * A header blob that breaks the format; the extractor turns it into a one-line diagnostic and goes
 * on with the next header.
 */
final class RpmHeaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RpmHeaderException(String message) {
    super(message);
  }
}
