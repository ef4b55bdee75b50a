package io.drydock.vuln;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import us.springett.cvss.Cvss;
import us.springett.cvss.Score;

/**
 * Severity of an advisory, from the record alone:
 *
 * <ol>
 *   <li>the {@code severity[]} CVSS vectors ({@code CVSS_V2}, {@code CVSS_V3}, {@code CVSS_V4}),
 *       scored with cvss-calculator and rated by FIRST's bands ({@link Severity.Rating}); an entry
 *       of an affected package's own {@code severity} wins over the record's; {@code Ubuntu}
 *       priorities are kept as ratings without a score;
 *   <li>else {@code database_specific.severity} (GHSA's {@code LOW MODERATE HIGH CRITICAL} → low,
 *       medium, high, critical).
 * </ol>
 *
 * <p>Borrowing a score from another record that shares an alias (a distro record taking the GHSA or
 * NVD score) needs the advisory store and is not done here. Malformed or mislabelled vectors (a
 * {@code CVSS_V3} entry holding a v2 vector) are skipped with a diagnostic, never guessed.
 * Stateless and thread-safe.
 */
public final class Severities {
  private Severities() {}

  /** The severities found and the entries that could not be used. */
  public record Assessment(List<Severity> severities, List<String> diagnostics) {
    public Assessment {
      severities = List.copyOf(severities);
      diagnostics = List.copyOf(diagnostics);
    }

    /**
     * The severity to show: the newest CVSS version present (v4, then v3, then v2; the first of a
     * version in record order), else an Ubuntu priority, else the database-specific rating.
     */
    public Optional<Severity> primary() {
      return severities.stream().min(Comparator.comparingInt(Severities::preference));
    }
  }

  /** The record-level severity of {@code advisory}. */
  public static Assessment of(Advisory advisory) {
    return assess(advisory, null, -1);
  }

  /**
   * The severity for one affected entry of {@code advisory} ({@code index} into {@code
   * affected()}): its own {@code severity[]} when it has one, else the record's.
   */
  public static Assessment of(Advisory advisory, int index) {
    return assess(advisory, advisory.affected().get(index), index);
  }

  private static Assessment assess(Advisory advisory, Affected affected, int index) {
    List<Severity> out = new ArrayList<>();
    List<String> diagnostics = new ArrayList<>();
    if (affected != null && !affected.severity().isEmpty()) {
      score(affected.severity(), "affected[" + index + "]", advisory.id(), out, diagnostics);
    }
    if (out.isEmpty()) {
      score(advisory.severity(), "record", advisory.id(), out, diagnostics);
    }
    if (out.isEmpty()) {
      databaseSpecific(advisory.databaseSpecific()).ifPresent(out::add);
    }
    return new Assessment(out, diagnostics);
  }

  private static void score(
      List<SeverityEntry> entries,
      String where,
      String id,
      List<Severity> out,
      List<String> diagnostics) {
    for (SeverityEntry e : entries) {
      String source = e.type() + " from " + where;
      switch (e.type()) {
        case "CVSS_V2", "CVSS_V3", "CVSS_V4" -> {
          try {
            out.add(cvss(e, source));
          } catch (RuntimeException ex) { // MalformedVectorException and anything else it throws
            diagnostics.add(
                id
                    + ": "
                    + source
                    + ": cannot score "
                    + OsvText.quote(e.score())
                    + ": "
                    + OsvText.oneLine(ex.getMessage()));
          }
        }
        case "Ubuntu" -> {
          Severity.Rating r = qualitative(e.score());
          if (r == Severity.Rating.UNKNOWN) {
            diagnostics.add(id + ": " + source + ": unknown priority " + OsvText.quote(e.score()));
          } else {
            out.add(new Severity(e.type(), e.score(), null, r, source));
          }
        }
        default ->
            diagnostics.add(
                id + ": " + source + ": unknown severity type " + OsvText.quote(e.type()));
      }
    }
  }

  /** Scores one CVSS entry; throws when the vector is malformed or not of the entry's version. */
  static Severity cvss(SeverityEntry e, String source) {
    String vector = e.score().strip();
    String expectedPrefix =
        switch (e.type()) {
          case "CVSS_V3" -> "CVSS:3.";
          case "CVSS_V4" -> "CVSS:4.";
          default -> null;
        };
    if (expectedPrefix != null && !vector.startsWith(expectedPrefix)) {
      throw new IllegalArgumentException(
          "a " + e.type() + " vector starts with " + expectedPrefix.replace(".", ""));
    }
    if (expectedPrefix == null && vector.startsWith("CVSS:")) {
      throw new IllegalArgumentException("a CVSS_V2 vector has no CVSS: prefix");
    }
    Cvss cvss = Cvss.fromVector(vector);
    if (cvss == null) {
      throw new IllegalArgumentException("not a CVSS vector");
    }
    Score score = cvss.calculateScore();
    double base = score.getBaseScore();
    if (Double.isNaN(base) || base < 0.0 || base > 10.0) {
      throw new IllegalArgumentException("base score " + base + " out of range");
    }
    Severity.Rating rating =
        e.type().equals("CVSS_V2")
            ? Severity.Rating.ofCvss2(base)
            : Severity.Rating.ofCvss3or4(base);
    return new Severity(e.type(), e.score(), base, rating, source);
  }

  private static Optional<Severity> databaseSpecific(JsonNode databaseSpecific) {
    JsonNode s = databaseSpecific.get("severity");
    if (s == null || !s.isString()) {
      return Optional.empty();
    }
    Severity.Rating r = qualitative(s.asString());
    if (r == Severity.Rating.UNKNOWN) {
      return Optional.empty();
    }
    return Optional.of(
        new Severity("database_specific", s.asString(), null, r, "database_specific"));
  }

  /** GHSA's and Ubuntu's words: LOW, MODERATE/MEDIUM, HIGH, CRITICAL, NEGLIGIBLE (→ low). */
  static Severity.Rating qualitative(String text) {
    return switch (text.strip().toUpperCase(Locale.ROOT)) {
      case "NONE" -> Severity.Rating.NONE;
      case "NEGLIGIBLE", "LOW" -> Severity.Rating.LOW;
      case "MODERATE", "MEDIUM" -> Severity.Rating.MEDIUM;
      case "HIGH" -> Severity.Rating.HIGH;
      case "CRITICAL" -> Severity.Rating.CRITICAL;
      default -> Severity.Rating.UNKNOWN;
    };
  }

  private static int preference(Severity s) {
    return switch (s.type()) {
      case "CVSS_V4" -> 0;
      case "CVSS_V3" -> 1;
      case "CVSS_V2" -> 2;
      case "Ubuntu" -> 3;
      default -> 4;
    };
  }
}
