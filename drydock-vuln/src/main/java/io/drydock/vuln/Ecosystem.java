package io.drydock.vuln;

import io.drydock.version.VersionScheme;
import io.drydock.version.VersionSchemes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OSV ecosystem string parsed into its identity: the ecosystem name ({@code Debian}), its
 * release ({@code 12}; empty when the string has none) and, for Ubuntu, its qualifiers ({@code
 * Pro}, {@code LTS}, {@code FIPS…}). Immutable and thread-safe; equality is on the exact string.
 *
 * <ul>
 *   <li>{@code Debian:12}, {@code Alpine:v3.19}, {@code Rocky Linux:9}: name, then release after
 *       the first {@code :} (kept as written: Alpine's {@code v} stays).
 *   <li>{@code Ubuntu:22.04:LTS}, {@code Ubuntu:Pro:18.04:LTS}: release {@code 22.04} / {@code
 *       18.04}, qualifiers {@code [LTS]} / {@code [Pro, LTS]}.
 *   <li>{@code Red Hat:rhel_aus:8.4::appstream}: release is the CPE part {@code
 *       rhel_aus:8.4::appstream}.
 *   <li>{@code Maven:https://maven.google.com}: release is the repository URL.
 * </ul>
 *
 * <p>The name is case-sensitive, as in OSV: an unknown or mis-spelt name ({@code pypi}, {@code
 * Github Actions}) yields an ecosystem with no {@link #known()} value, which {@link #matches}
 * nothing.
 */
public final class Ecosystem {
  private static final Pattern UBUNTU_RELEASE = Pattern.compile("\\d+\\.\\d+");

  private final String id;
  private final String name;
  private final String release;
  private final List<String> qualifiers;
  private final KnownEcosystem known;

  private Ecosystem(String id, String name, String release, List<String> qualifiers) {
    this.id = id;
    this.name = name;
    this.release = release;
    this.qualifiers = List.copyOf(qualifiers);
    this.known = KnownEcosystem.byOsvName(name).orElse(null);
  }

  /**
   * Parses an OSV {@code affected[].package.ecosystem} string; never throws for a non-null input.
   */
  public static Ecosystem parse(String ecosystem) {
    Objects.requireNonNull(ecosystem, "ecosystem");
    Ecosystem cached = PARSED.get(ecosystem);
    if (cached != null) {
      return cached;
    }
    Ecosystem parsed = parseUncached(ecosystem);
    if (PARSED.size() >= MAX_PARSED) {
      PARSED.clear();
    }
    PARSED.put(ecosystem, parsed);
    return parsed;
  }

  /**
   * Parsed ecosystem strings (immutable values; a store holds a few hundred distinct ones):
   * matching parses every candidate record's entries' ecosystems for every package it looks up.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, Ecosystem> PARSED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int MAX_PARSED = 10_000;

  private static Ecosystem parseUncached(String ecosystem) {
    int colon = ecosystem.indexOf(':');
    String name = colon < 0 ? ecosystem : ecosystem.substring(0, colon);
    String rest = colon < 0 ? "" : ecosystem.substring(colon + 1);
    if (name.equals(KnownEcosystem.UBUNTU.osvName()) && !rest.isEmpty()) {
      String release = "";
      List<String> qualifiers = new ArrayList<>();
      for (String token : rest.split(":", -1)) {
        if (release.isEmpty() && UBUNTU_RELEASE.matcher(token).matches()) {
          release = token;
        } else {
          qualifiers.add(token);
        }
      }
      if (!release.isEmpty()) {
        return new Ecosystem(ecosystem, name, release, qualifiers);
      }
    }
    return new Ecosystem(ecosystem, name, rest, List.of());
  }

  /** {@code known} with {@code release} (empty for none), e.g. {@code of(DEBIAN, "12")}. */
  public static Ecosystem of(KnownEcosystem known, String release) {
    return parse(release.isEmpty() ? known.osvName() : known.osvName() + ":" + release);
  }

  /** The ecosystem string exactly as given. */
  public String id() {
    return id;
  }

  /** The name before the first {@code :}, as written. */
  public String name() {
    return name;
  }

  /** The release ({@code 12}, {@code v3.19}, {@code 22.04}, a CPE, a repository URL), or empty. */
  public String release() {
    return release;
  }

  /** Ubuntu's qualifiers in order ({@code Pro}, {@code LTS}, …); empty for other ecosystems. */
  public List<String> qualifiers() {
    return qualifiers;
  }

  /** The ecosystem if its name is one OSV defines, spelt exactly. */
  public Optional<KnownEcosystem> known() {
    return Optional.ofNullable(known);
  }

  /**
   * The version order of this ecosystem, or empty when unknown or when Drydock has none yet. Its
   * {@code parse} remembers what it parsed ({@link ParsedVersions}): every caller of matching
   * parses the same texts again and again.
   */
  public Optional<VersionScheme> versionScheme() {
    return known == null
        ? Optional.empty()
        : known.schemeName().flatMap(VersionSchemes::byName).map(ParsedVersions::remembering);
  }

  /** {@code packageName} normalised for this ecosystem ({@link KnownEcosystem#normalizeName}). */
  public String normalizeName(String packageName) {
    return known == null ? packageName : known.normalizeName(packageName);
  }

  /**
   * Whether an advisory scoped to this ecosystem applies to a package from {@code installed}: both
   * are known, have the same name, and either this one has no release (it applies to every release)
   * or the releases and qualifiers are equal. Unknown ecosystems match nothing, not even
   * themselves.
   */
  public boolean matches(Ecosystem installed) {
    if (known == null || installed.known != known) {
      return false;
    }
    if (release.isEmpty() && qualifiers.isEmpty()) {
      return true;
    }
    return release.equals(installed.release) && qualifiers.equals(installed.qualifiers);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ecosystem e && e.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id;
  }
}
