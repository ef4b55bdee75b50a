package io.drydock.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --report-to URL --report-token-file F}: the Drydock server a command tells about what it
 * did (admission: the images it decided; refresh: its reports), with an API token of that server.
 */
final class ReportToOptions {
  @Option(
      names = "--report-to",
      paramLabel = "URL",
      description = {
        "A Drydock server to report to (admission: every decided image, as POST /api/v1/scans",
        "and /api/v1/decisions; refresh: every report, as POST /api/v1/refreshes).",
        "Needs --report-token-file."
      })
  URI reportTo;

  @Option(
      names = "--report-token-file",
      paramLabel = "F",
      description = "File holding an API token of the --report-to server.")
  Path reportTokenFile;

  /** The server and its token. */
  record Target(URI server, String token) {}

  /**
   * The server and token, or {@code null} without {@code --report-to}.
   *
   * @throws IllegalArgumentException for a URL that is not http(s), a missing or empty token file
   * @throws IOException when the token file cannot be read
   */
  Target target() throws IOException {
    if (reportTo == null) {
      return null;
    }
    if (reportTo.getHost() == null
        || !List.of("http", "https").contains(String.valueOf(reportTo.getScheme()))) {
      throw new IllegalArgumentException(
          "--report-to " + reportTo + ": expected an http(s):// URL of a Drydock server");
    }
    if (reportTokenFile == null) {
      throw new IllegalArgumentException("--report-to needs --report-token-file");
    }
    String token = Files.readString(reportTokenFile, StandardCharsets.UTF_8).strip();
    if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "--report-token-file " + reportTokenFile + ": expected one token");
    }
    return new Target(reportTo, token);
  }
}
