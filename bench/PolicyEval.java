import io.drydock.policy.Decision;
import io.drydock.policy.FirstSeen;
import io.drydock.policy.PolicyEngine;
import io.drydock.policy.PolicyInput;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import io.drydock.vuln.Severity;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Policy evaluation with every built-in (and one grace-period rule) over a synthetic scan of
 * FINDINGS findings, in one warm JVM: input conversion from the ScanResult plus evaluation, median
 * of RUNS after WARMUP runs. Also prints the one-off load (CEL environment + compile) time.
 *
 * <pre>java -cp drydock-cli/target/drydock.jar bench/PolicyEval.java [FINDINGS] [RUNS] [WARMUP]</pre>
 */
public class PolicyEval {
  static final String POLICY =
      """
      apiVersion: drydock.io/v1
      kind: Policy
      builtins:
        - no-fixable-critical-high
        - no-kev
        - base-max-age-days: 90
        - trusted-registries: [registry.example.com]
        - no-root
        - signed-by-trusted-key
        - scan-attestation-max-age-hours: 24
      rules:
        - name: app-critical-graced
          expression: "!findings.exists(f, f.origin == 'app' && f.severity == 'CRITICAL')"
          findings: "findings.filter(f, f.origin == 'app' && f.severity == 'CRITICAL')"
          gracePeriodDays: 7
      exemptions:
        findings:
          - {id: CVE-2024-00007, expires: 2099-01-01, reason: bench}
      """;

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    long t0 = System.nanoTime();
    PolicyEngine engine = PolicyEngine.parse(POLICY, "bench.yaml");
    double loadMs = (System.nanoTime() - t0) / 1e6;
    ScanResult scan = scan(n);
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    FirstSeen firstSeen =
        f -> Optional.of(now.minus(Duration.ofDays(Math.floorMod(f.id().hashCode(), 400))));
    List<Double> times = new ArrayList<>();
    Decision last = null;
    for (int i = 0; i < warmup + runs; i++) {
      long s = System.nanoTime();
      PolicyInput input =
          PolicyInput.of(scan, null, now.minus(Duration.ofDays(30)), firstSeen, List.of(), List.of(), now);
      last = engine.evaluate(input);
      double ms = (System.nanoTime() - s) / 1e6;
      if (i >= warmup) {
        times.add(ms);
      }
    }
    Collections.sort(times);
    System.out.printf(
        "  load (CEL environment + compile) %.0f ms; evaluate %d findings, %d rules: median %.2f ms,"
            + " p90 %.2f ms (%d runs after %d warm-up); verdict %s, %d violations, %d suppressed%n",
        loadMs,
        n,
        engine.policy().rules().size(),
        times.get(times.size() / 2),
        times.get((int) (times.size() * 0.9)),
        runs,
        warmup,
        last.verdict(),
        last.violations().size(),
        last.suppressed().size());
  }

  /** N findings over N/4 packages, in base and app layers, all severities, some KEV, some fixed. */
  static ScanResult scan(int n) {
    List<Component> components = new ArrayList<>();
    for (int i = 0; i < Math.max(1, n / 4); i++) {
      components.add(
          new Component(
              Package.of("maven", "com.example:lib-" + i, "1." + i, "app/lib-" + i + ".jar"),
              "lang/java",
              i % 2,
              false));
    }
    Severity.Rating[] ratings = Severity.Rating.values();
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Component c = components.get(i % components.size());
      Severity.Rating r = ratings[i % ratings.length];
      findings.add(
          new Finding(
              String.format("CVE-2024-%05d", i),
              List.of("GHSA-" + i),
              List.of("GHSA-" + i),
              c,
              "Maven",
              c.pkg().version(),
              i % 3 == 0 ? List.of("9.9") : List.of(),
              new Severity("CVSS_V3", "v", 5.0 + (i % 5), r, "CVSS_V3 from record"),
              0.01 * (i % 100),
              0.5,
              i % 97 == 0,
              "",
              List.of(),
              "",
              null));
    }
    Sbom sbom =
        new Sbom(
            new Subject(
                "registry.example.com/team/app:1.0",
                "sha256:" + "a".repeat(64),
                "linux",
                "amd64",
                null,
                Map.of()),
            null,
            new BaseImage(BaseImage.Rule.ANNOTATION, "debian:bookworm", "sha256:" + "b".repeat(64), 1, null),
            List.of(
                new LayerInfo(0, "sha256:" + "1".repeat(64), "sha256:" + "1".repeat(64), null, true),
                new LayerInfo(1, "sha256:" + "2".repeat(64), "sha256:" + "2".repeat(64), null, false)),
            components,
            List.of());
    return new ScanResult(sbom, findings, "synthetic", null, List.of());
  }
}
