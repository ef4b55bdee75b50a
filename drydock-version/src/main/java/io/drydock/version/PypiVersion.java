package io.drydock.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A PEP 440 version, parsed and normalised as pypa/packaging's {@code Version} does. Immutable and
 * thread-safe. {@link #equals} and {@link #hashCode} follow {@link #compareTo}: {@code 1.0}, {@code
 * 1.0.0} and {@code v1.0} are equal; {@code 1.0+abc} and {@code 1.0} are not.
 *
 * <p>Numbers are {@link BigInteger}s (PEP 440 puts no bound on them; the input length is bounded by
 * {@link PypiVersionScheme#MAX_LENGTH}).
 */
public final class PypiVersion implements Version {
  /** Pre-release label after normalisation ({@code alpha → a}, {@code c/pre/preview → rc}, …). */
  public enum PreLabel {
    A("a"),
    B("b"),
    RC("rc");

    private final String text;

    PreLabel(String text) {
      this.text = text;
    }

    /** The normalised spelling: {@code a}, {@code b} or {@code rc}. */
    public String text() {
      return text;
    }
  }

  // Sort ranks of packaging's _cmpkey: dev-only releases (no pre, no post) sort before any
  // pre-release; releases without a pre-release sort after rc.
  private static final int RANK_DEV_ONLY = -1;
  private static final int RANK_STABLE = 3;

  private final String raw;
  private final BigInteger epoch;
  private final List<BigInteger> release;
  private final PreLabel preLabel;
  private final BigInteger pre;
  private final BigInteger post;
  private final BigInteger dev;
  private final List<Object> local; // String (lower case) or BigInteger segments; null if none
  private final List<BigInteger> trimmedRelease;
  private final String normalized;

  PypiVersion(
      String raw,
      BigInteger epoch,
      List<BigInteger> release,
      PreLabel preLabel,
      BigInteger pre,
      BigInteger post,
      BigInteger dev,
      List<Object> local) {
    this.raw = Objects.requireNonNull(raw);
    this.epoch = Objects.requireNonNull(epoch);
    this.release = List.copyOf(release);
    this.preLabel = preLabel;
    this.pre = pre;
    this.post = post;
    this.dev = dev;
    this.local = local == null ? null : List.copyOf(local);
    int end = this.release.size();
    while (end > 0 && this.release.get(end - 1).signum() == 0) {
      end--;
    }
    this.trimmedRelease = this.release.subList(0, end);
    this.normalized = render();
  }

  @Override
  public String raw() {
    return raw;
  }

  @Override
  public VersionScheme scheme() {
    return PypiVersionScheme.INSTANCE;
  }

  /** The epoch ({@code N!}), 0 when absent. */
  public BigInteger epoch() {
    return epoch;
  }

  /** The release numbers as written (trailing zeros kept). */
  public List<BigInteger> release() {
    return release;
  }

  /** The pre-release label, or {@code null}. */
  public PreLabel preLabel() {
    return preLabel;
  }

  /** The pre-release number, or {@code null} when there is no pre-release. */
  public BigInteger preNumber() {
    return pre;
  }

  /** The post-release number, or {@code null}. */
  public BigInteger post() {
    return post;
  }

  /** The development-release number, or {@code null}. */
  public BigInteger dev() {
    return dev;
  }

  /** The normalised local label ({@code ubuntu.1}), or {@code null}. */
  public String local() {
    return local == null
        ? null
        : local.stream().map(Object::toString).collect(Collectors.joining("."));
  }

  /** True for pre-releases and development releases (packaging's {@code is_prerelease}). */
  public boolean isPrerelease() {
    return pre != null || dev != null;
  }

  /** True when the version has a post-release segment. */
  public boolean isPostrelease() {
    return post != null;
  }

  /** True when the version has a development segment. */
  public boolean isDevrelease() {
    return dev != null;
  }

  /** This version without its local label. */
  public PypiVersion publicVersion() {
    if (local == null) {
      return this;
    }
    return new PypiVersion(raw, epoch, release, preLabel, pre, post, dev, null);
  }

  /** {@code 1.0.post1.dev2+x → 1.0}: the version this is a post-release of. */
  PypiVersion postBase() {
    return new PypiVersion(raw, epoch, release, preLabel, pre, null, null, null);
  }

  /** {@code 1.2 → 1.2.dev0}, {@code 1.2.post1 → 1.2.post1.dev0}: the earliest pre-release. */
  PypiVersion earliestPrerelease() {
    return new PypiVersion(raw, epoch, release, preLabel, pre, post, BigInteger.ZERO, null);
  }

  /**
   * The normalised form, as packaging's {@code str(Version)}: {@code 1!2.0rc1.post2.dev3+abc.4}.
   */
  public String normalized() {
    return normalized;
  }

  @Override
  public String toString() {
    return normalized;
  }

  private String render() {
    StringBuilder sb = new StringBuilder();
    if (epoch.signum() != 0) {
      sb.append(epoch).append('!');
    }
    sb.append(release.stream().map(BigInteger::toString).collect(Collectors.joining(".")));
    if (preLabel != null) {
      sb.append(preLabel.text()).append(pre);
    }
    if (post != null) {
      sb.append(".post").append(post);
    }
    if (dev != null) {
      sb.append(".dev").append(dev);
    }
    if (local != null) {
      sb.append('+').append(local());
    }
    return sb.toString();
  }

  /**
   * PEP 440 order, following packaging's {@code _cmpkey}: epoch, release without trailing zeros,
   * then (pre rank, pre number, has post, post number, has no dev, dev number), then local (absent
   * first; segments pairwise, strings before numbers, shorter first on a common prefix).
   */
  @Override
  public int compareTo(Version other) {
    if (!(other instanceof PypiVersion)) {
      throw new IllegalArgumentException(
          "cannot compare pypi version \""
              + raw
              + "\" with "
              + other.scheme().name()
              + " version \""
              + other.raw()
              + "\"");
    }
    PypiVersion o = (PypiVersion) other;
    int c = epoch.compareTo(o.epoch);
    if (c != 0) {
      return c;
    }
    c = compareNumbers(trimmedRelease, o.trimmedRelease);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(preRank(), o.preRank());
    if (c != 0) {
      return c;
    }
    c = orZero(pre).compareTo(orZero(o.pre));
    if (c != 0) {
      return c;
    }
    c = Boolean.compare(post != null, o.post != null);
    if (c != 0) {
      return c;
    }
    c = orZero(post).compareTo(orZero(o.post));
    if (c != 0) {
      return c;
    }
    c = Boolean.compare(dev == null, o.dev == null);
    if (c != 0) {
      return c;
    }
    c = orZero(dev).compareTo(orZero(o.dev));
    if (c != 0) {
      return c;
    }
    return compareLocal(local, o.local);
  }

  private int preRank() {
    if (preLabel != null) {
      return preLabel.ordinal(); // a=0, b=1, rc=2
    }
    return post == null && dev != null ? RANK_DEV_ONLY : RANK_STABLE;
  }

  private static BigInteger orZero(BigInteger n) {
    return n == null ? BigInteger.ZERO : n;
  }

  private static int compareNumbers(List<BigInteger> a, List<BigInteger> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareLocal(List<Object> a, List<Object> b) {
    if (a == null || b == null) {
      return Boolean.compare(a != null, b != null);
    }
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int c;
      if (x instanceof BigInteger && y instanceof BigInteger) {
        c = ((BigInteger) x).compareTo((BigInteger) y);
      } else if (x instanceof String && y instanceof String) {
        c = ((String) x).compareTo((String) y);
      } else {
        c = x instanceof String ? -1 : 1; // strings sort before numbers
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PypiVersion && compareTo((PypiVersion) o) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(epoch, trimmedRelease, preRank(), pre, post, dev, local);
  }

  static List<Object> localSegments(String label) {
    List<Object> out = new ArrayList<>();
    for (String part : label.split("[._-]", -1)) {
      out.add(
          part.chars().allMatch(ch -> ch >= '0' && ch <= '9')
              ? new BigInteger(part)
              : part.toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }
}
