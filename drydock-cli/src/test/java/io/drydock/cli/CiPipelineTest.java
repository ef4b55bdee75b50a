package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.testing.Testbed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs examples/ci/gate.sh — the sequence of drydock commands every documented pipeline
 * (github-actions.yml, azure-pipelines.yml, Jenkinsfile) runs — against the testbed registry, so
 * the documentation cannot rot: a clean image passes scan, policy, sign, attest and verify; the
 * demo image with Log4Shell is stopped by the policy (exit 3) before anything is signed.
 */
class CiPipelineTest {
  @TempDir static Path dir;
  static Testbed tb;
  static Path dbDir;
  static Path key;
  static Path pub;

  @BeforeAll
  static void setUp() throws Exception {
    tb = Testbed.require();
    dbDir = dir.resolve("db");
    CliRunner imp =
        CliRunner.run(
            "db", "import", "--db-dir", dbDir.toString(), DbCommandTest.advisories().toString());
    assertThat(imp.code()).as(imp.err()).isZero();
    Path password = Files.writeString(dir.resolve("pw"), "ci-secret\n");
    CliRunner gen =
        CliRunner.run(
            "generate-key-pair",
            "--output-key-prefix",
            dir.resolve("cosign").toString(),
            "--key-password-file",
            password.toString());
    assertThat(gen.code()).as(gen.err()).isZero();
    key = dir.resolve("cosign.key");
    pub = dir.resolve("cosign.pub");
  }

  private static Process gate(String image, Path out) throws Exception {
    String drydock = "java -cp " + System.getProperty("java.class.path") + " io.drydock.cli.Main";
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                Path.of("..", "examples", "ci", "gate.sh").toString(),
                image,
                Path.of("..", "examples", "ci", "policy.yaml").toString(),
                key.toString(),
                pub.toString(),
                out.toString())
            .redirectErrorStream(true);
    pb.environment().put("DRYDOCK", drydock);
    pb.environment().put("COSIGN_PASSWORD", "ci-secret");
    pb.environment().put("DRYDOCK_DB_DIR", dbDir.toString());
    pb.environment().put("DRYDOCK_CACHE_DIR", dir.resolve("cache").toString());
    return pb.start();
  }

  private static String run(Process p) throws Exception {
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  @Test
  void cleanImagePassesTheWholeGateAndIsSignedAndAttested() throws Exception {
    String image = tb.plainRegistry() + "/ci-test/" + UUID.randomUUID() + ":1";
    String base = tb.plainRegistry() + "/" + tb.repoTag(Testbed.Img.DEBIAN_BOOKWORM_V1);
    assertThat(CliRunner.run("copy", base, image).code()).isZero();
    Path out = dir.resolve("out-clean");
    Process p = gate(image, out);
    String output = run(p);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("passed the policy, signed and attested");
    assertThat(Files.readString(out.resolve("drydock.sarif"))).contains("\"version\" : \"2.1.0\"");
    assertThat(Files.readString(out.resolve("decision.json"))).contains("ALLOW");
  }

  @Test
  void imageWithLog4ShellIsStoppedByThePolicyBeforeSigning() throws Exception {
    String image = tb.plainRegistry() + "/ci-test/" + UUID.randomUUID() + ":1";
    assertThat(CliRunner.run("copy", ScanCommandTest.DEMO, image).code()).isZero();
    Path out = dir.resolve("out-vulnerable");
    Process p = gate(image, out);
    String output = run(p);
    assertThat(p.exitValue()).as(output).isEqualTo(PolicyEvalCommand.EXIT_DENY);
    assertThat(Files.readString(out.resolve("decision.json")))
        .contains("DENY")
        .contains("CVE-2021-44228");
    assertThat(Files.readString(out.resolve("drydock.sarif"))).contains("CVE-2021-44228");
    CliRunner verify = CliRunner.run("verify", image, "--key", pub.toString());
    assertThat(verify.code()).as("nothing was signed").isEqualTo(1);
    assertThat(List.of(output.split("\n"))).noneMatch(l -> l.contains("signed and attested"));
  }
}
