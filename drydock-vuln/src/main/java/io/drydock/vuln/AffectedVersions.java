package io.drydock.vuln;

import io.drydock.version.InvalidVersionException;
import io.drydock.version.Version;
import io.drydock.version.VersionScheme;
import io.drydock.version.VersionSchemes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OSV's evaluation algorithm (schema 1.6, "Evaluation") for one {@link Affected} entry:
 *
 * <pre>
 * affected = v in versions  ||  any range r (ECOSYSTEM or SEMVER) with
 *     BeforeLimits(v, r) and, walking r.events sorted by version:
 *       introduced (incl. "0") and v >= introduced  → vulnerable
 *       fixed and v >= fixed                        → not vulnerable
 *       last_affected and v > last_affected         → not vulnerable
 * BeforeLimits: no limit events, or v < some limit ("*" is infinity)
 * </pre>
 *
 * <p>Orders: {@code ECOSYSTEM} ranges use the ecosystem's {@link VersionScheme}; {@code SEMVER}
 * ranges use the npm/SemVer 2.0 order. For {@code SEMVER} ranges and npm's {@code ECOSYSTEM} ranges
 * versions are coerced as OSV.dev does: a leading {@code v} is dropped and a missing minor or patch
 * is zero ({@code 1.0} is {@code 1.0.0}; GHSA writes such bounds). Events sort by version; at equal
 * versions {@code introduced} comes first (so {@code introduced X, fixed X} is empty), and {@code
 * introduced "0"} before everything. {@code GIT} ranges are never evaluated (no commit graph).
 *
 * <p>Explicit {@code versions} match by exact string or, when both parse, by equality in the
 * ecosystem's order ({@code 1.0} = {@code 1.0.0} where the ecosystem says so).
 *
 * <p>Nothing unparsable is decided silently: an unparsable version or bound, or an {@code
 * ECOSYSTEM} range of an ecosystem without a known order, gives {@link
 * AffectedResult.Status#UNDECIDED} with a diagnostic unless something else says affected. An entry
 * with only {@code GIT} ranges and no versions is undecided too. Stateless and thread-safe.
 */
public final class AffectedVersions {
  private AffectedVersions() {}

  private static final Pattern SEMVER_COERCE =
      Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?([-+].*)?", Pattern.DOTALL);

  private static final VersionScheme NPM = VersionSchemes.byName("npm").orElseThrow();

  /** Evaluates {@code version} (as the package manager reports it) against {@code affected}. */
  public static AffectedResult evaluate(Affected affected, String version) {
    if (version == null) {
      return AffectedResult.undecided("no version given");
    }
    Ecosystem ecosystem = affected.pkg().ecosystemId();
    List<AffectedResult> results = new ArrayList<>();
    results.add(inVersions(affected, ecosystem, version));
    boolean evaluable = !affected.versions().isEmpty();
    for (int i = 0; i < affected.ranges().size(); i++) {
      Range range = affected.ranges().get(i);
      if (range.type() == RangeType.GIT) {
        continue;
      }
      evaluable = true;
      results.add(inRange(range, i, ecosystem, version));
    }
    if (!evaluable && !affected.ranges().isEmpty()) {
      results.add(
          AffectedResult.undecided(
              where(affected) + "only GIT ranges, which Drydock does not evaluate"));
    }
    return AffectedResult.anyOf(results);
  }

  private static AffectedResult inVersions(Affected affected, Ecosystem ecosystem, String version) {
    if (affected.versions().isEmpty()) {
      return AffectedResult.notAffected();
    }
    if (affected.versions().contains(version)) {
      return AffectedResult.affected(List.of());
    }
    Optional<VersionScheme> scheme = ecosystem.versionScheme();
    if (scheme.isEmpty()) {
      return AffectedResult.notAffected();
    }
    Version v;
    try {
      v = scheme.get().parse(version);
    } catch (InvalidVersionException e) {
      return AffectedResult.notAffected(); // exact string already compared; ranges report it
    }
    for (String listed : affected.versions()) {
      try {
        if (scheme.get().parse(listed).compareTo(v) == 0) {
          return AffectedResult.affected(List.of());
        }
      } catch (InvalidVersionException e) {
        // an unparsable listed version can only match exactly, which it did not
      }
    }
    return AffectedResult.notAffected();
  }

  private static String where(Range range, int index, Ecosystem ecosystem) {
    return "range " + index + " (" + range.type() + ", " + ecosystem.id() + "): ";
  }

  private static AffectedResult inRange(
      Range range, int index, Ecosystem ecosystem, String version) {
    Function<String, Version> parser = parser(range.type(), ecosystem);
    if (parser == null) {
      return AffectedResult.undecided(
          where(range, index, ecosystem)
              + "no version order for ecosystem "
              + OsvText.quote(ecosystem.id())
              + " yet");
    }
    Version v;
    try {
      v = parser.apply(version);
    } catch (InvalidVersionException e) {
      return AffectedResult.undecided(where(range, index, ecosystem) + e.getMessage());
    }
    List<Bound> bounds = new ArrayList<>(range.events().size());
    for (Event e : range.events()) {
      if (e.isIntroducedZero() || e.isInfiniteLimit()) {
        bounds.add(new Bound(e, null));
        continue;
      }
      try {
        bounds.add(new Bound(e, parser.apply(e.version())));
      } catch (InvalidVersionException ex) {
        return AffectedResult.undecided(
            where(range, index, ecosystem) + e.kind().field() + ": " + ex.getMessage());
      }
    }
    if (!beforeLimits(v, bounds)) {
      return AffectedResult.notAffected();
    }
    bounds.sort(Bound.ORDER);
    boolean vulnerable = false;
    for (Bound b : bounds) {
      switch (b.event.kind()) {
        case INTRODUCED -> {
          if (b.version == null || v.compareTo(b.version) >= 0) {
            vulnerable = true;
          }
        }
        case FIXED -> {
          if (v.compareTo(b.version) >= 0) {
            vulnerable = false;
          }
        }
        case LAST_AFFECTED -> {
          if (v.compareTo(b.version) > 0) {
            vulnerable = false;
          }
        }
        case LIMIT -> {}
      }
    }
    if (!vulnerable) {
      return AffectedResult.notAffected();
    }
    for (Bound b : bounds) { // sorted: the first fix above v ends the interval v is in
      if (b.event.kind() == Event.Kind.FIXED && v.compareTo(b.version) < 0) {
        return AffectedResult.affected(List.of(b.event.version()));
      }
    }
    return AffectedResult.affected(List.of());
  }

  private static boolean beforeLimits(Version v, List<Bound> bounds) {
    boolean anyLimit = false;
    for (Bound b : bounds) {
      if (b.event.kind() == Event.Kind.LIMIT) {
        anyLimit = true;
        if (b.version == null || v.compareTo(b.version) < 0) {
          return true;
        }
      }
    }
    return !anyLimit;
  }

  /** The parser for a range's versions, or null when there is no known order. */
  private static Function<String, Version> parser(RangeType type, Ecosystem ecosystem) {
    if (type == RangeType.SEMVER) {
      return SEMVER_PARSER;
    }
    Optional<VersionScheme> scheme = ecosystem.versionScheme();
    if (scheme.isEmpty()) {
      return null;
    }
    if (scheme.get().name().equals("npm")) {
      return SEMVER_PARSER;
    }
    return scheme.get()::parse;
  }

  /** OSV's SemVer reading ({@link #parseSemver}), remembering what it parsed. */
  private static final Function<String, Version> SEMVER_PARSER =
      new ParsedVersions(AffectedVersions::parseSemver);

  /** SemVer as OSV.dev reads it: leading {@code v} dropped, missing minor/patch are zero. */
  static Version parseSemver(String raw) {
    Matcher m = SEMVER_COERCE.matcher(raw.strip());
    if (m.matches() && (m.group(2) == null || m.group(3) == null)) {
      String coerced =
          m.group(1)
              + "."
              + (m.group(2) == null ? "0" : m.group(2))
              + "."
              + (m.group(3) == null ? "0" : m.group(3))
              + (m.group(4) == null ? "" : m.group(4));
      return NPM.parse(coerced);
    }
    return NPM.parse(raw);
  }

  private static String where(Affected affected) {
    return affected.pkg().ecosystem() + "/" + affected.pkg().name() + ": ";
  }

  /** An event with its parsed version (null for introduced "0" and an infinite limit). */
  private record Bound(Event event, Version version) {
    static final Comparator<Bound> ORDER =
        (a, b) -> {
          int byVersion = compareVersions(a, b);
          return byVersion != 0 ? byVersion : a.event.kind().compareTo(b.event.kind());
        };

    private static int compareVersions(Bound a, Bound b) {
      if (a.version == null || b.version == null) {
        return Integer.compare(rank(a), rank(b));
      }
      return a.version.compareTo(b.version);
    }

    /** introduced "0" lowest, versions in the middle, infinite limit highest. */
    private static int rank(Bound b) {
      if (b.version != null) {
        return 1;
      }
      return b.event.kind() == Event.Kind.INTRODUCED ? 0 : 2;
    }
  }
}
