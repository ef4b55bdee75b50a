package io.drydock.refresh.loop;

import io.drydock.oci.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one base update led to: every app it concerned and what happened to it. Immutable.
 *
 * @param base the watched base tag
 * @param oldDigest its previous digest ({@code null} when first seen)
 * @param newDigest its new digest
 * @param detectedAt when the update was noticed
 * @param source what noticed it (poll, a registry webhook)
 * @param apps one entry per app concerned
 */
public record RefreshReport(
    String base,
    String oldDigest,
    String newDigest,
    Instant detectedAt,
    String source,
    List<AppResult> apps) {
  public RefreshReport {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(newDigest, "newDigest");
    apps = List.copyOf(apps);
  }

  /** What happened to one app. */
  public enum Status {
    /** Refreshed, validated, signed, tagged and rolled out. */
    REFRESHED,
    /** Nothing to do: already refreshed onto this base. */
    UP_TO_DATE,
    /** The app does not sit on the old base (not this base's app, or built differently). */
    NOT_ON_BASE,
    /** The refreshed image failed the policy: not tagged, not rolled out. */
    FAILED_POLICY,
    /** A rollout did not become ready: rolled back. */
    ROLLED_BACK,
    /** An error stopped the refresh of this app. */
    FAILED,
    /** Planned only ({@code --dry-run}). */
    PLANNED
  }

  /**
   * @param app the app's reference
   * @param action rebase or rebuild
   * @param status the outcome
   * @param oldDigest the app's digest before
   * @param newDigest the refreshed digest, {@code null} when none was made
   * @param fixed finding ids gone in the refreshed image
   * @param added finding ids new in the refreshed image
   * @param violations policy violations of the refreshed image
   * @param workloads the workloads moved (or, when planned, to move)
   * @param rolledBack the workloads rolled back
   * @param message one line on what happened
   * @param millis time per stage (detect, rebase or rebuild, scan, sign, rollout)
   */
  public record AppResult(
      String app,
      String action,
      Status status,
      String oldDigest,
      String newDigest,
      List<String> fixed,
      List<String> added,
      List<String> violations,
      List<String> workloads,
      List<String> rolledBack,
      String message,
      Map<String, Long> millis) {
    public AppResult {
      fixed = List.copyOf(fixed);
      added = List.copyOf(added);
      violations = List.copyOf(violations);
      workloads = List.copyOf(workloads);
      rolledBack = List.copyOf(rolledBack);
      millis = Map.copyOf(millis);
    }
  }

  /** The report as JSON (the {@code refresh --format json} output and the notification body). */
  public ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("base", base);
    o.put("oldDigest", oldDigest);
    o.put("newDigest", newDigest);
    o.put("detectedAt", detectedAt.toString());
    o.put("source", source);
    ArrayNode as = o.putArray("apps");
    for (AppResult a : apps) {
      ObjectNode n = as.addObject();
      n.put("app", a.app());
      n.put("action", a.action());
      n.put("status", a.status().name());
      n.put("oldDigest", a.oldDigest());
      n.put("newDigest", a.newDigest());
      a.fixed().forEach(n.putArray("fixed")::add);
      a.added().forEach(n.putArray("added")::add);
      a.violations().forEach(n.putArray("violations")::add);
      a.workloads().forEach(n.putArray("workloads")::add);
      a.rolledBack().forEach(n.putArray("rolledBack")::add);
      n.put("message", a.message());
      ObjectNode ms = n.putObject("millis");
      new java.util.TreeMap<>(a.millis()).forEach(ms::put);
    }
    return o;
  }

  /** A few lines for people (stderr, Slack). */
  public String text() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "Base "
            + base
            + " changed"
            + (oldDigest == null ? "" : " from " + shortDigest(oldDigest))
            + " to "
            + shortDigest(newDigest)
            + " ("
            + source
            + ")");
    for (AppResult a : apps) {
      StringBuilder l = new StringBuilder("  " + a.app() + ": " + a.status());
      if (a.newDigest() != null) {
        l.append(" → ").append(shortDigest(a.newDigest()));
      }
      if (!a.fixed().isEmpty()) {
        l.append("; fixed ").append(String.join(", ", a.fixed()));
      }
      if (!a.violations().isEmpty()) {
        l.append("; violates ").append(String.join("; ", a.violations()));
      }
      if (!a.workloads().isEmpty()) {
        l.append("; ")
            .append(a.status() == Status.PLANNED ? "would move " : "moved ")
            .append(String.join(", ", a.workloads()));
      }
      if (!a.rolledBack().isEmpty()) {
        l.append("; rolled back ").append(String.join(", ", a.rolledBack()));
      }
      if (a.message() != null && !a.message().isEmpty()) {
        l.append(" — ").append(a.message());
      }
      if (a.status() != Status.PLANNED && a.millis().size() > 1) {
        StringBuilder t = new StringBuilder();
        for (String stage : List.of("detect", "rebase", "rebuild", "scan", "sign", "rollout")) {
          Long ms = a.millis().get(stage);
          if (ms != null) {
            t.append(t.length() == 0 ? "" : ", ")
                .append(stage)
                .append(' ')
                .append(ms)
                .append(" ms");
          }
        }
        l.append(" (").append(t).append(')');
      }
      lines.add(l.toString());
    }
    return String.join("\n", lines);
  }

  static String shortDigest(String d) {
    int colon = d.indexOf(':');
    return colon >= 0 && d.length() > colon + 13 ? d.substring(0, colon + 13) : d;
  }
}
