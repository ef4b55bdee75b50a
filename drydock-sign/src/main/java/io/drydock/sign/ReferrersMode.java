package io.drydock.sign;

/**
 * Where a signature or attestation is stored, as cosign's {@code --registry-referrers-mode} names
 * it. Verification reads both places whatever the mode.
 */
public enum ReferrersMode {
  /** The {@code sha256-<hex>.sig} / {@code .att} tag (cosign's default). */
  LEGACY("legacy"),
  /**
   * An OCI 1.1 artifact manifest whose {@code subject} is the image, found through the referrers
   * API or, on registries without it, the referrers tag index {@code sha256-<hex>}.
   */
  OCI_1_1("oci-1-1");

  private final String flag;

  ReferrersMode(String flag) {
    this.flag = flag;
  }

  /** The flag value: {@code legacy} or {@code oci-1-1}. */
  public String flag() {
    return flag;
  }

  /**
   * The mode a flag value names.
   *
   * @throws IllegalArgumentException naming the accepted values when {@code value} is neither
   */
  public static ReferrersMode parse(String value) {
    for (ReferrersMode m : values()) {
      if (m.flag.equals(value)) {
        return m;
      }
    }
    throw new IllegalArgumentException("expected legacy or oci-1-1, not " + value);
  }
}
