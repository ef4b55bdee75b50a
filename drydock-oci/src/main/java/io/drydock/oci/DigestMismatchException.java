package io.drydock.oci;

/** Content did not hash to the digest (or have the size) its descriptor promised. */
public class DigestMismatchException extends OciFormatException {
  private static final long serialVersionUID = 1L;
  private final Digest expected;

  public DigestMismatchException(Digest expected, String message) {
    super(message);
    this.expected = expected;
  }

  public Digest expected() {
    return expected;
  }
}
