package io.drydock.server.scan;

import io.drydock.server.scan.Reevaluator.Added;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Slack-compatible message about new findings on running images: {@code text} (one line for
 * chat tools and notification previews), {@code blocks} (one section per finding, most urgent
 * first, at most {@link #MAX_LISTED}, then "and N more"), and {@code drydock} with every listed
 * finding for machines. Urgency: severity, then KEV, then EPSS, then CVSS score. Stateless.
 */
public final class FindingNotice {
  /** Findings listed in one message. */
  public static final int MAX_LISTED = 20;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> SEVERITIES =
      List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN");

  /** Most urgent first. */
  static final Comparator<Added> URGENCY =
      Comparator.comparingInt((Added a) -> severityRank(a.finding().severity()))
          .thenComparing((Added a) -> !a.finding().kev())
          .thenComparing(
              (Added a) -> a.finding().epss() == null ? -1.0 : a.finding().epss(),
              Comparator.reverseOrder())
          .thenComparing(
              (Added a) -> a.finding().score() == null ? -1.0 : a.finding().score(),
              Comparator.reverseOrder())
          .thenComparing(a -> a.finding().vulnId())
          .thenComparing(a -> a.finding().pkg())
          .thenComparing(Added::digest);

  private FindingNotice() {}

  private static int severityRank(String s) {
    int i = SEVERITIES.indexOf(s.toUpperCase(Locale.ROOT));
    return i < 0 ? SEVERITIES.size() : i;
  }

  /**
   * The message for {@code added} (new findings of running images).
   *
   * @param workloads the workloads running each digest ({@code namespace/Kind/name (container)})
   * @param repositories the repository of each digest, for display
   * @param advisoriesBuilt the advisory store's build the findings come from
   */
  public static ObjectNode message(
      List<Added> added,
      Map<String, List<String>> workloads,
      Map<String, String> repositories,
      String advisoriesBuilt) {
    List<Added> ranked = new ArrayList<>(added);
    ranked.sort(URGENCY);
    long images = ranked.stream().map(Added::digest).distinct().count();
    long critical = ranked.stream().filter(a -> "CRITICAL".equals(a.finding().severity())).count();
    long kev = ranked.stream().filter(a -> a.finding().kev()).count();
    String text =
        "Drydock: "
            + ranked.size()
            + " new finding"
            + (ranked.size() == 1 ? "" : "s")
            + " on "
            + images
            + " running image"
            + (images == 1 ? "" : "s")
            + (critical > 0 ? ", " + critical + " critical" : "")
            + (kev > 0 ? ", " + kev + " known exploited" : "")
            + " (advisories of "
            + advisoriesBuilt
            + ")";
    ObjectNode body = JSON.createObjectNode();
    body.put("text", text);
    ArrayNode blocks = body.putArray("blocks");
    ObjectNode header = blocks.addObject();
    header.put("type", "section");
    header.putObject("text").put("type", "mrkdwn").put("text", "*" + text + "*");
    ObjectNode machine = body.putObject("drydock");
    machine.put("kind", "findings.new");
    machine.put("advisoriesBuilt", advisoriesBuilt);
    machine.put("total", ranked.size());
    ArrayNode list = machine.putArray("findings");
    int n = Math.min(MAX_LISTED, ranked.size());
    for (int i = 0; i < n; i++) {
      Added a = ranked.get(i);
      FindingRow f = a.finding();
      List<String> wl = workloads.getOrDefault(a.digest(), List.of());
      String repo = repositories.getOrDefault(a.digest(), "");
      String line =
          "*"
              + f.severity()
              + "* "
              + f.vulnId()
              + (f.kev() ? " (KEV)" : "")
              + (f.epss() != null ? String.format(Locale.ROOT, " EPSS %.2f", f.epss()) : "")
              + " in "
              + f.pkg()
              + " "
              + f.version()
              + (f.fixedVersion() != null ? ", fixed in " + f.fixedVersion() : ", no fix yet")
              + " ["
              + f.origin()
              + "]\n"
              + (repo.isEmpty() ? "" : repo + "@")
              + a.digest()
              + "\nworkloads: "
              + (wl.isEmpty() ? "(none known)" : String.join(", ", wl))
              + (f.advice() != null ? "\nadvice: " + f.advice() : "");
      ObjectNode block = blocks.addObject();
      block.put("type", "section");
      block.putObject("text").put("type", "mrkdwn").put("text", line);
      ObjectNode item = list.addObject();
      item.put("id", f.vulnId());
      item.put("severity", f.severity());
      item.put("kev", f.kev());
      if (f.epss() != null) {
        item.put("epss", f.epss());
      }
      item.put("package", f.pkg());
      item.put("version", f.version());
      if (f.fixedVersion() != null) {
        item.put("fixed", f.fixedVersion());
      }
      item.put("origin", f.origin());
      item.put("digest", a.digest());
      if (!repo.isEmpty()) {
        item.put("repository", repo);
      }
      ArrayNode w = item.putArray("workloads");
      wl.forEach(w::add);
    }
    if (ranked.size() > n) {
      ObjectNode more = blocks.addObject();
      more.put("type", "context");
      more.putArray("elements")
          .addObject()
          .put("type", "mrkdwn")
          .put("text", "and " + (ranked.size() - n) + " more");
    }
    return body;
  }
}
