package io.drydock.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.server.scan.Reevaluator.Added;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Slack-compatible message: ranking by severity, then KEV, then EPSS; capped at 20. */
class FindingNoticeTest {
  static FindingRow row(String id, String severity, boolean kev, Double epss) {
    return new FindingRow(
        id,
        "pkg-" + id,
        "1.0",
        "Debian:12",
        null,
        null,
        severity,
        null,
        null,
        kev,
        epss,
        "app",
        1,
        "usr/lib/x",
        "upgrade pkg-" + id,
        null);
  }

  @Test
  void ranksBySeverityThenKevThenEpssAndCapsTheList() {
    List<Added> added = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      added.add(new Added("sha256:low", row("CVE-2099-" + (100 + i), "LOW", false, null)));
    }
    added.add(new Added("sha256:a", row("CVE-HIGH-EPSS-LOW", "HIGH", false, 0.1)));
    added.add(new Added("sha256:a", row("CVE-HIGH-EPSS-HIGH", "HIGH", false, 0.9)));
    added.add(new Added("sha256:a", row("CVE-HIGH-KEV", "HIGH", true, null)));
    added.add(new Added("sha256:b", row("CVE-CRIT", "CRITICAL", false, null)));

    JsonNode msg =
        FindingNotice.message(
            added,
            Map.of("sha256:a", List.of("shop/Deployment/web (app)")),
            Map.of("sha256:a", "registry.example/web"),
            "2026-11-29T00:00:00Z");

    assertThat(msg.path("text").asString())
        .isEqualTo(
            "Drydock: 29 new findings on 3 running images, 1 critical, 1 known exploited"
                + " (advisories of 2026-11-29T00:00:00Z)");
    JsonNode listed = msg.path("drydock").path("findings");
    assertThat(listed).hasSize(FindingNotice.MAX_LISTED);
    assertThat(
            List.of(
                listed.get(0).path("id").asString(),
                listed.get(1).path("id").asString(),
                listed.get(2).path("id").asString(),
                listed.get(3).path("id").asString()))
        .containsExactly("CVE-CRIT", "CVE-HIGH-KEV", "CVE-HIGH-EPSS-HIGH", "CVE-HIGH-EPSS-LOW");
    assertThat(listed.get(1).path("workloads").get(0).asString())
        .isEqualTo("shop/Deployment/web (app)");
    assertThat(listed.get(1).path("repository").asString()).isEqualTo("registry.example/web");
    // header, 20 findings, "and 9 more"
    JsonNode blocks = msg.path("blocks");
    assertThat(blocks).hasSize(22);
    assertThat(blocks.get(21).path("type").asString()).isEqualTo("context");
    assertThat(blocks.get(21).path("elements").get(0).path("text").asString())
        .isEqualTo("and 9 more");
    assertThat(blocks.get(2).path("text").path("text").asString())
        .startsWith("*HIGH* CVE-HIGH-KEV (KEV) in pkg-CVE-HIGH-KEV 1.0, no fix yet [app]")
        .contains("registry.example/web@sha256:a")
        .contains("workloads: shop/Deployment/web (app)");
  }
}
