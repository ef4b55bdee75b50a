package io.drydock.vuln.enrich;

import io.drydock.oci.content.Decompression;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * FIRST's EPSS scores (exploit prediction): the daily CSV {@code epss_scores-YYYY-MM-DD.csv[.gz]}
 * with a {@code #model_version:…,score_date:…} comment line, then {@code cve,epss,percentile}.
 * Immutable; lookups by CVE id are case-insensitive.
 *
 * @param modelVersion from the comment line, or {@code null}
 * @param scoreDate from the comment line (as written), or {@code null}
 */
public record EpssScores(String modelVersion, String scoreDate, Map<String, Score> scores) {

  /** Largest decompressed file accepted (the real one is about 10 MB). */
  public static final long MAX_BYTES = 256L << 20;

  private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,}");
  private static final int MAX_LINE = 1024;

  /** One CVE's score: probability of exploitation in the next 30 days, and its percentile. */
  public record Score(double epss, double percentile) {}

  public EpssScores {
    scores = Map.copyOf(scores);
  }

  /** The score of {@code cveId}, if EPSS lists it. */
  public Optional<Score> score(String cveId) {
    return Optional.ofNullable(scores.get(cveId.toUpperCase(Locale.ROOT)));
  }

  /** Reads a file (plain or gzip). */
  public static EpssScores read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads the CSV from {@code in} (not closed); {@code source} names it in errors. A malformed row
   * fails the whole read with the line number: a partly read EPSS file would silently under-rank
   * findings.
   */
  public static EpssScores read(InputStream in, String source) throws IOException {
    return read(in, source, MAX_BYTES);
  }

  /** As {@link #read(InputStream, String)} with another decompressed-size cap (tests). */
  static EpssScores read(InputStream in, String source, long maxBytes) throws IOException {
    BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                Decompression.open(in, null, maxBytes, "EPSS file " + source),
                StandardCharsets.UTF_8));
    String model = null;
    String date = null;
    Map<String, Score> scores = new HashMap<>();
    boolean header = false;
    int lineNo = 0;
    StringBuilder buf = new StringBuilder();
    for (String line = readLine(r, buf); line != null; line = readLine(r, buf)) {
      lineNo++;
      if (line.length() > MAX_LINE) {
        throw error(source, lineNo, "line longer than " + MAX_LINE + " characters");
      }
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        for (String part : line.substring(1).split(",")) {
          int colon = part.indexOf(':');
          if (colon > 0) {
            String key = part.substring(0, colon).strip();
            String value = part.substring(colon + 1).strip();
            if (key.equals("model_version")) {
              model = value;
            } else if (key.equals("score_date")) {
              date = value;
            }
          }
        }
        continue;
      }
      if (!header) {
        if (!line.replace(" ", "").equalsIgnoreCase("cve,epss,percentile")) {
          throw error(source, lineNo, "expected the header cve,epss,percentile");
        }
        header = true;
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 3) {
        throw error(source, lineNo, "expected 3 fields, found " + f.length);
      }
      String cve = f[0].strip().toUpperCase(Locale.ROOT);
      if (!CVE.matcher(cve).matches()) {
        throw error(source, lineNo, "not a CVE id: " + quote(f[0]));
      }
      scores.put(
          cve, new Score(probability(f[1], source, lineNo), probability(f[2], source, lineNo)));
    }
    if (!header) {
      throw new IOException("EPSS file " + source + " has no cve,epss,percentile header");
    }
    return new EpssScores(model, date, scores);
  }

  /**
   * The next line without its terminator, or {@code null} at the end. Reads at most {@link
   * #MAX_LINE} + 1 characters of a line (the rest of an overlong line is not buffered), so a file
   * without newlines cannot fill memory.
   */
  private static String readLine(BufferedReader r, StringBuilder buf) throws IOException {
    buf.setLength(0);
    int c = r.read();
    if (c < 0) {
      return null;
    }
    while (c >= 0 && c != '\n') {
      if (buf.length() <= MAX_LINE) {
        buf.append((char) c);
      } else {
        return buf.toString(); // overlong: the caller reports it
      }
      c = r.read();
    }
    int len = buf.length();
    if (len > 0 && buf.charAt(len - 1) == '\r') {
      buf.setLength(len - 1);
    }
    return buf.toString();
  }

  private static double probability(String s, String source, int lineNo) throws IOException {
    double v;
    try {
      v = Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw error(source, lineNo, "not a number: " + quote(s));
    }
    if (!(v >= 0 && v <= 1)) {
      throw error(source, lineNo, "value out of [0, 1]: " + quote(s));
    }
    return v;
  }

  private static IOException error(String source, int lineNo, String why) {
    return new IOException("EPSS file " + source + " line " + lineNo + ": " + why);
  }

  private static String quote(String s) {
    String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
