package io.drydock.version;

import org.apache.maven.artifact.versioning.ComparableVersion;

/**
 * Maven version order as Maven 3.9 resolves it: maven-artifact 3.9.16 {@link ComparableVersion}
 * (numbers and qualifiers, {@code alpha < beta < milestone < rc < snapshot < "" = ga = final < sp},
 * trailing zeros and release qualifiers ignored: {@code 1 == 1.0 == 1-ga}).
 *
 * <p>Maven 3.9 is the released Maven line; Maven 4's comparator differs in a few corner cases
 * (non-ASCII digits, MNG-7714 {@code final}/{@code sp} with a following qualifier) and OSV's own Go
 * port differs in a few more: the conformance test lists those rows. ComparableVersion accepts any
 * string, so the only invalid inputs here are blank and over-long ones.
 */
public final class MavenVersionScheme implements VersionScheme {
  /** Longer inputs are refused so hostile strings cannot cost time or memory. */
  static final int MAX_LENGTH = 256;

  @Override
  public String name() {
    return "maven";
  }

  @Override
  public MavenVersion parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidVersionException(this, String.valueOf(raw), "empty");
    }
    if (raw.length() > MAX_LENGTH) {
      throw new InvalidVersionException(this, raw, "longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        // ComparableVersion orders any string; a control character means the input is not a
        // version (a corrupt manifest or an injection attempt), so it is refused, not ordered.
        throw new InvalidVersionException(this, raw, "contains a control character");
      }
    }
    return new MavenVersion(raw, new ComparableVersion(raw), this);
  }

  /** A Maven version; equal when ComparableVersion says so ({@code 1.0} equals {@code 1}). */
  public static final class MavenVersion implements Version {
    private final String raw;
    private final ComparableVersion comparable;
    private final MavenVersionScheme scheme;

    private MavenVersion(String raw, ComparableVersion comparable, MavenVersionScheme scheme) {
      this.raw = raw;
      this.comparable = comparable;
      this.scheme = scheme;
    }

    @Override
    public String raw() {
      return raw;
    }

    @Override
    public VersionScheme scheme() {
      return scheme;
    }

    /** ComparableVersion's canonical form: equal versions have equal canonical forms. */
    public String canonical() {
      return comparable.getCanonical();
    }

    @Override
    public int compareTo(Version o) {
      if (!(o instanceof MavenVersion other)) {
        throw new IllegalArgumentException(
            "cannot compare maven version with " + o.scheme().name());
      }
      return Integer.signum(comparable.compareTo(other.comparable));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MavenVersion other && comparable.equals(other.comparable);
    }

    @Override
    public int hashCode() {
      return comparable.hashCode();
    }

    @Override
    public String toString() {
      return raw;
    }
  }
}
