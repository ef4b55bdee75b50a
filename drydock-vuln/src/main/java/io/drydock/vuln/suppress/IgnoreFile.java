package io.drydock.vuln.suppress;

import com.github.packageurl.PackageURL;
import io.drydock.vuln.match.Suppression;
import io.drydock.vuln.suppress.YamlTree.ListNode;
import io.drydock.vuln.suppress.YamlTree.MapNode;
import io.drydock.vuln.suppress.YamlTree.Node;
import io.drydock.vuln.suppress.YamlTree.Scalar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ignore file ({@code --ignore-file F}): findings the user accepts, each with an optional scope
 * and expiry. Two formats are read.
 *
 * <p><b>YAML</b> (Drydock's own, the shape of Trivy's {@code .trivyignore.yaml}, so such files work
 * unchanged):
 *
 * <pre>{@code
 * vulnerabilities:
 *   - id: CVE-2022-40897
 *     paths: ["usr/local/lib/python3.9/site-packages/setuptools-58.1.0.dist-info/METADATA"]
 *     statement: Accept the risk
 *   - id: CVE-2023-3817
 *     purls: ["pkg:deb/debian/libssl1.1"]
 *     expired_at: 2026-12-31
 * }</pre>
 *
 * Entry keys: {@code id} (required), {@code purls}, {@code paths}, {@code statement} (or {@code
 * reason}), {@code expired_at} (a date, or an RFC 3339 date-time). Matching is {@link
 * IgnoreEntry#covers}. An unknown key in an entry is an error, because a misspelt scope ({@code
 * purl:} for {@code purls:}) would otherwise widen the entry to every package; an unknown top-level
 * key is an error too. Trivy's other sections ({@code misconfigurations}, {@code secrets}, {@code
 * licenses}) are accepted with a warning and not used: Drydock reports vulnerabilities only.
 *
 * <p><b>Plain</b> (Trivy's {@code .trivyignore}): one id per line, {@code #} starts a comment line,
 * an optional {@code exp:YYYY-MM-DD} field after the id; text after a {@code #} following the id is
 * kept as the statement; other fields are ignored, as Trivy does. A line whose date cannot be read
 * is skipped with a warning (the finding stays reported), as Trivy does.
 *
 * <p>A file is read as YAML when its name ends in {@code .yaml} or {@code .yml}, or when any line
 * that is not a comment looks like YAML (a {@code key:} at its start, a {@code - } item, a {@code
 * ---} marker); otherwise as plain.
 *
 * <p>Entries whose expiry lies before the clock's instant at load time do not suppress and each
 * gives a warning. Files larger than {@link #MAX_BYTES} are refused. Immutable and thread-safe.
 *
 * @param source the file as the user named it, used in references and messages
 * @param active entries in force, in file order
 * @param expired entries past their expiry at load time
 * @param warnings one line each (expired entries, ignored sections, skipped lines)
 */
public record IgnoreFile(
    String source, List<IgnoreEntry> active, List<IgnoreEntry> expired, List<String> warnings)
    implements SuppressionSource {

  /** Largest file accepted: 16 MiB. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  /** Status written into suppressions made by ignore files. */
  public static final String STATUS = "ignored";

  private static final Set<String> ENTRY_KEYS =
      Set.of("id", "purls", "paths", "statement", "reason", "expired_at");
  private static final Set<String> OTHER_SECTIONS =
      Set.of("misconfigurations", "secrets", "licenses");
  private static final Pattern YAML_LINE =
      Pattern.compile("^(---|- .*|-$|[A-Za-z_][A-Za-z0-9_.-]*\\s*:(\\s.*)?$|\\{.*)");
  private static final Pattern EXP_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  public IgnoreFile {
    active = List.copyOf(active);
    expired = List.copyOf(expired);
    warnings = List.copyOf(warnings);
  }

  /**
   * Reads {@code file}; {@code clock} decides which entries have expired.
   *
   * @throws GateFileException unreadable, too large, malformed YAML, or an entry of the wrong shape
   */
  public static IgnoreFile load(Path file, Clock clock) throws GateFileException {
    byte[] bytes = Messages.read(file, MAX_BYTES);
    return parse(bytes, file.toString(), clock);
  }

  /** Parses {@code bytes}; {@code source} names the file in references and messages. */
  public static IgnoreFile parse(byte[] bytes, String source, Clock clock)
      throws GateFileException {
    if (bytes.length > MAX_BYTES) {
      throw new GateFileException(source + ": larger than " + MAX_BYTES + " bytes, refused");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<IgnoreEntry> entries = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    if (yamlShaped(source, text)) {
      readYaml(YamlTree.parse(bytes, source), source, entries, warnings);
    } else {
      readPlain(text, source, entries, warnings);
    }
    Instant now = clock.instant();
    List<IgnoreEntry> active = new ArrayList<>();
    List<IgnoreEntry> expired = new ArrayList<>();
    for (IgnoreEntry e : entries) {
      if (e.expired(now)) {
        expired.add(e);
        warnings.add(
            e.reference()
                + ": ignore entry for "
                + e.id()
                + " expired at "
                + e.expiresAt()
                + " and no longer suppresses it"
                + (e.statement().isEmpty() ? "" : " (" + Messages.quote(e.statement()) + ")"));
      } else {
        active.add(e);
      }
    }
    return new IgnoreFile(source, active, expired, warnings);
  }

  @Override
  public Optional<Suppression> suppression(Candidate candidate) {
    for (IgnoreEntry e : active) {
      if (e.covers(candidate)) {
        return Optional.of(
            new Suppression(Suppression.Source.IGNORE_FILE, e.reference(), STATUS, e.statement()));
      }
    }
    return Optional.empty();
  }

  static boolean yamlShaped(String source, String text) {
    String lower = source.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return true;
    }
    return text.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .anyMatch(l -> YAML_LINE.matcher(l).matches());
  }

  private static void readPlain(
      String text, String source, List<IgnoreEntry> out, List<String> warnings) {
    List<String> lines = text.lines().toList();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String reference = source + ":" + (n + 1);
      String statement = "";
      int hash = line.indexOf(" #");
      if (hash >= 0) {
        statement = line.substring(hash + 2).strip();
        line = line.substring(0, hash).strip();
      }
      String[] fields = line.split("\\s+");
      Instant expires = null;
      boolean bad = false;
      for (int i = 1; i < fields.length; i++) {
        if (fields[i].startsWith("exp:")) {
          String date = fields[i].substring(4);
          try {
            if (!EXP_DATE.matcher(date).matches()) {
              throw new DateTimeParseException("not YYYY-MM-DD", date, 0);
            }
            expires = LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
          } catch (DateTimeParseException e) {
            warnings.add(
                reference
                    + ": cannot read expiry date "
                    + Messages.quote(date)
                    + " (expected exp:YYYY-MM-DD); line skipped, "
                    + fields[0]
                    + " is not ignored");
            bad = true;
          }
        }
      }
      if (!bad) {
        out.add(new IgnoreEntry(fields[0], List.of(), List.of(), statement, expires, reference));
      }
    }
  }

  private static void readYaml(
      Node root, String source, List<IgnoreEntry> out, List<String> warnings)
      throws GateFileException {
    if (root instanceof Scalar s && s.text() == null) {
      return; // an empty file ignores nothing
    }
    if (!(root instanceof MapNode top)) {
      throw YamlTree.error(source, root, "expected a mapping with a vulnerabilities: list");
    }
    for (Map.Entry<String, Node> kv : top.entries().entrySet()) {
      String key = kv.getKey();
      Node value = kv.getValue();
      if (key.equals("vulnerabilities")) {
        if (value instanceof Scalar s && s.text() == null) {
          continue;
        }
        if (!(value instanceof ListNode list)) {
          throw YamlTree.error(source, value, "vulnerabilities: expected a list of entries");
        }
        for (Node item : list.items()) {
          out.add(entry(item, source));
        }
      } else if (OTHER_SECTIONS.contains(key)) {
        boolean empty =
            value instanceof Scalar s && s.text() == null
                || value instanceof ListNode l && l.items().isEmpty();
        if (!empty) {
          warnings.add(
              source
                  + ":"
                  + value.line()
                  + ": "
                  + key
                  + ": not used (Drydock reports vulnerabilities only)");
        }
      } else {
        throw YamlTree.error(
            source, value, "unknown key " + Messages.quote(key) + " (expected vulnerabilities)");
      }
    }
  }

  private static IgnoreEntry entry(Node item, String source) throws GateFileException {
    if (!(item instanceof MapNode m)) {
      throw YamlTree.error(source, item, "expected an entry with an id");
    }
    for (Map.Entry<String, Node> kv : m.entries().entrySet()) {
      if (!ENTRY_KEYS.contains(kv.getKey())) {
        throw YamlTree.error(
            source,
            kv.getValue(),
            "unknown key "
                + Messages.quote(kv.getKey())
                + " (expected id, purls, paths, statement, expired_at)");
      }
    }
    String id = scalar(m, "id", source);
    if (id == null || id.isBlank()) {
      throw YamlTree.error(source, m, "entry has no id");
    }
    List<PackageURL> purls = new ArrayList<>();
    for (Scalar s : strings(m, "purls", source)) {
      PackageURL p = PurlPatterns.parse(s.text());
      if (p == null) {
        throw YamlTree.error(source, s, "not a package URL: " + Messages.quote(s.text()));
      }
      purls.add(p);
    }
    List<PathGlob> paths = new ArrayList<>();
    for (Scalar s : strings(m, "paths", source)) {
      if (s.text().isEmpty() || s.text().length() > PathGlob.MAX_LENGTH) {
        throw YamlTree.error(
            source, s, "a path pattern has 1 to " + PathGlob.MAX_LENGTH + " characters");
      }
      paths.add(new PathGlob(s.text()));
    }
    String statement = scalar(m, "statement", source);
    String reason = scalar(m, "reason", source);
    if (statement != null && reason != null) {
      throw YamlTree.error(source, m, "give statement or reason, not both");
    }
    Instant expires = null;
    Node exp = m.entries().get("expired_at");
    String expText = scalar(m, "expired_at", source);
    if (expText != null) {
      expires = instant(expText, exp, source);
    }
    return new IgnoreEntry(
        id.strip(),
        purls,
        paths,
        statement != null ? statement : reason,
        expires,
        source + ":" + m.line());
  }

  private static Instant instant(String text, Node at, String source) throws GateFileException {
    try {
      if (EXP_DATE.matcher(text).matches()) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw YamlTree.error(
          source,
          at,
          "expired_at: cannot read "
              + Messages.quote(text)
              + " (expected a date like 2026-12-31 or an RFC 3339 date-time)");
    }
  }

  private static String scalar(MapNode m, String key, String source) throws GateFileException {
    Node n = m.entries().get(key);
    if (n == null) {
      return null;
    }
    if (!(n instanceof Scalar s)) {
      throw YamlTree.error(source, n, key + ": expected a single value");
    }
    return s.text();
  }

  private static List<Scalar> strings(MapNode m, String key, String source)
      throws GateFileException {
    Node n = m.entries().get(key);
    if (n == null || n instanceof Scalar s && s.text() == null) {
      return List.of();
    }
    if (!(n instanceof ListNode list)) {
      throw YamlTree.error(source, n, key + ": expected a list");
    }
    List<Scalar> out = new ArrayList<>();
    for (Node item : list.items()) {
      if (!(item instanceof Scalar s) || s.text() == null) {
        throw YamlTree.error(source, item, key + ": expected a list of strings");
      }
      out.add(s);
    }
    return out;
  }
}
