package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.sign.Cosign;
import io.drydock.testing.SigstoreFixtures;
import io.drydock.testing.Testbed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * generate-key-pair, sign, verify, attest --scan and verify-attestation through the CLI against the
 * real testbed registry, on a copy of the demo image.
 */
class CliSignTest {
  @TempDir static Path dir;
  static Testbed tb;
  static String image;
  static Path passwordFile;
  static Path dbDir;

  @BeforeAll
  static void setUp() throws Exception {
    tb = Testbed.require();
    image = tb.plainRegistry() + "/sign-test/" + UUID.randomUUID() + ":1";
    CliRunner copy = CliRunner.run("copy", ScanCommandTest.DEMO, image);
    assertThat(copy.code()).as(copy.err()).isZero();
    passwordFile = Files.writeString(dir.resolve("password"), "s3cret\n");
    for (String name : new String[] {"a", "b"}) {
      CliRunner r =
          CliRunner.run(
              "generate-key-pair",
              "--output-key-prefix",
              dir.resolve(name).toString(),
              "--key-password-file",
              passwordFile.toString());
      assertThat(r.code()).as(r.err()).isZero();
    }
    dbDir = dir.resolve("db");
    CliRunner r =
        CliRunner.run(
            "db", "import", "--db-dir", dbDir.toString(), DbCommandTest.advisories().toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  static String key(String name) {
    return dir.resolve(name + ".key").toString();
  }

  static String pub(String name) {
    return dir.resolve(name + ".pub").toString();
  }

  @Test
  void generateKeyPairRefusesToOverwrite() throws Exception {
    String before = Files.readString(Path.of(key("a")));
    CliRunner r =
        CliRunner.run(
            "generate-key-pair",
            "--output-key-prefix",
            dir.resolve("a").toString(),
            "--key-password-file",
            passwordFile.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.oneLineError()).isTrue();
    assertThat(r.err()).contains("already exists");
    assertThat(Files.readString(Path.of(key("a")))).isEqualTo(before);
    assertThat(before).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----");
  }

  /**
   * An image signed and attested in cosign 3's default format (Sigstore bundles made by
   * sigstore-js, attached as referrers through the testbed's referrers tag index) verifies from the
   * command line; another key does not.
   */
  @Test
  void cosign3BundlesVerifyFromTheCommandLine() throws Exception {
    ImageRef repo = ImageRef.parse(tb.plainRegistry() + "/sign-test/" + UUID.randomUUID() + ":1");
    Digest image = publishSigstoreImage(repo);
    Path pub = Files.write(dir.resolve("sigstore-js.pub"), SigstoreFixtures.read("key.pub"));
    String ref = repo.withDigest(image).toString();

    CliRunner ok = CliRunner.run("verify", ref, "--key", pub.toString(), "--format", "json");
    assertThat(ok.code()).as(ok.err()).isZero();
    JsonNode root = Json.MAPPER.readTree(ok.out());
    assertThat(root.path("signatures").get(0).path("payload").path("predicateType").asString())
        .isEqualTo(SigstoreFixtures.SIGN_PREDICATE);
    CliRunner att = CliRunner.run("verify-attestation", ref, "--key", pub.toString());
    assertThat(att.code()).as(att.err()).isZero();

    CliRunner wrong = CliRunner.run("verify", ref, "--key", pub("a"));
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.oneLineError()).as(wrong.err()).isTrue();
    assertThat(wrong.err()).contains("signature bundle").contains("signature invalid for this key");
  }

  /**
   * Pushes the sigstore-js fixture image ({@link SigstoreFixtures}) to {@code repo} with its
   * signature and vulnerability-attestation bundles attached as cosign 3 attaches them; returns the
   * image's digest.
   */
  static Digest publishSigstoreImage(ImageRef repo) throws Exception {
    byte[] manifest = SigstoreFixtures.read("image-manifest.json");
    try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
      for (String blob :
          List.of("image-config.json", "sign.bundle.json", "attest-vuln.bundle.json")) {
        push(client, repo, SigstoreFixtures.read(blob));
      }
      push(client, repo, SigstoreFixtures.EMPTY_CONFIG.getBytes(StandardCharsets.UTF_8));
      Digest image = client.putManifest(repo, RawDocument.of(MediaTypes.OCI_MANIFEST, manifest));
      for (String[] b :
          new String[][] {
            {"sign.bundle.json", SigstoreFixtures.SIGN_PREDICATE},
            {"attest-vuln.bundle.json", SigstoreFixtures.VULN_PREDICATE}
          }) {
        client.pushReferrer(
            repo,
            RawDocument.of(
                MediaTypes.OCI_MANIFEST,
                SigstoreFixtures.referrer(
                    SigstoreFixtures.read(b[0]), image.toString(), manifest.length, b[1])));
      }
      return image;
    }
  }

  static void push(RegistryClient client, ImageRef repo, byte[] blob) throws Exception {
    Descriptor d =
        Descriptor.of(
            "application/octet-stream", Digest.parse(SigstoreFixtures.sha256(blob)), blob.length);
    client.pushBlob(repo, d, () -> new ByteArrayInputStream(blob));
  }

  @Test
  void signThenVerifyAndAnotherKeyFails() {
    CliRunner sign =
        CliRunner.run(
            "sign", image, "--key", key("a"), "--key-password-file", passwordFile.toString());
    assertThat(sign.code()).as(sign.err()).isZero();
    assertThat(sign.out().strip()).contains("@sha256:");

    CliRunner ok = CliRunner.run("verify", image, "--key", pub("a"));
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith("Verified ");

    CliRunner json = CliRunner.run("verify", image, "--key", pub("a"), "--format", "json");
    assertThat(json.code()).isZero();
    JsonNode root = Json.MAPPER.readTree(json.out());
    assertThat(root.path("verified").asBoolean()).isTrue();
    assertThat(
            root.path("signatures").get(0).path("payload").path("critical").path("type").asString())
        .isEqualTo("cosign container image signature");

    CliRunner wrong = CliRunner.run("verify", image, "--key", pub("b"));
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.oneLineError()).as(wrong.err()).isTrue();
    assertThat(wrong.err()).contains("signature invalid for this key");
  }

  @Test
  void wrongPasswordIsOneLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad-password"), "nope");
    CliRunner r =
        CliRunner.run("sign", image, "--key", key("a"), "--key-password-file", bad.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.oneLineError()).as(r.err()).isTrue();
    assertThat(r.err()).contains("wrong password");
  }

  @Test
  void unsignedImageFailsVerification() {
    String other = tb.plainRegistry() + "/sign-test/" + UUID.randomUUID() + ":1";
    assertThat(CliRunner.run("copy", ScanCommandTest.DEMO, other).code()).isZero();
    CliRunner r = CliRunner.run("verify", other, "--key", pub("a"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.oneLineError()).isTrue();
    assertThat(r.err()).contains("no signatures");
  }

  @Test
  void attestScanThenVerifyAttestation() {
    CliRunner attest =
        CliRunner.run(
            "attest",
            image,
            "--key",
            key("a"),
            "--key-password-file",
            passwordFile.toString(),
            "--scan",
            "--db-dir",
            dbDir.toString(),
            "--cache-dir",
            dir.resolve("cache").toString());
    assertThat(attest.code()).as(attest.err()).isZero();

    CliRunner ok =
        CliRunner.run(
            "verify-attestation", image, "--key", pub("a"), "--max-age", "24h", "-f", "json");
    assertThat(ok.code()).as(ok.err()).isZero();
    JsonNode root = Json.MAPPER.readTree(ok.out());
    JsonNode statement = root.path("attestations").get(0).path("statement");
    assertThat(statement.path("predicateType").asString())
        .isEqualTo("https://cosign.sigstore.dev/attestation/vuln/v1");
    JsonNode result = statement.path("predicate").path("scanner").path("result");
    assertThat(result.toString()).contains("CVE-2021-44228");

    // The same scan as CycloneDX with vulnerabilities, under cosign's cyclonedx predicate type.
    CliRunner bom =
        CliRunner.run(
            "verify-attestation", image, "--key", pub("a"), "--type", "cyclonedx", "-f", "json");
    assertThat(bom.code()).as(bom.err()).isZero();
    JsonNode bomStatement =
        Json.MAPPER.readTree(bom.out()).path("attestations").get(0).path("statement");
    assertThat(bomStatement.path("predicateType").asString())
        .isEqualTo("https://cyclonedx.org/bom");
    assertThat(bomStatement.path("predicate").path("bomFormat").asString()).isEqualTo("CycloneDX");
    assertThat(bomStatement.path("predicate").path("vulnerabilities").toString())
        .contains("CVE-2021-44228");

    CliRunner expired =
        CliRunner.run("verify-attestation", image, "--key", pub("a"), "--max-age", "0s");
    assertThat(expired.code()).isEqualTo(1);
    assertThat(expired.oneLineError()).isTrue();
    assertThat(expired.err()).contains("expired");

    CliRunner wrongKey = CliRunner.run("verify-attestation", image, "--key", pub("b"));
    assertThat(wrongKey.code()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("signature invalid for this key");
  }

  @Test
  void localTargetsCannotBeSigned() {
    CliRunner r = CliRunner.run("verify", ScanCommandTest.DEMO, "--key", pub("a"));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.oneLineError()).isTrue();
    assertThat(r.err()).contains("signatures live in a registry");
  }

  /**
   * The "done when": an image scanned, signed and attested, judged by `policy eval` from
   * the registry alone (signatures and the scan attestation verified with the key given).
   */
  @Test
  void policyEvalDecidesFromTheRegistrysSignaturesAndAttestations() throws Exception {
    String fresh = tb.plainRegistry() + "/sign-test/" + UUID.randomUUID() + ":1";
    assertThat(CliRunner.run("copy", ScanCommandTest.DEMO, fresh).code()).isZero();
    Path policy =
        Files.writeString(
            dir.resolve("gate-" + UUID.randomUUID() + ".yaml"),
            "apiVersion: drydock.io/v1\n"
                + "kind: Policy\n"
                + "builtins:\n"
                + "  - signed-by-trusted-key: [a.pub]\n"
                + "  - scan-attestation-max-age-hours: 24\n");
    String[] eval = {
      "policy",
      "eval",
      fresh,
      "--policy",
      policy.toString(),
      "--db-dir",
      dbDir.toString(),
      "--key",
      pub("a"),
      "-f",
      "json"
    };
    CliRunner before = CliRunner.run(eval);
    assertThat(before.code()).as(before.err()).isEqualTo(PolicyEvalCommand.EXIT_DENY);
    assertThat(before.out())
        .contains("signed-by-trusted-key")
        .contains("scan-attestation-max-age-hours");

    String pw = passwordFile.toString();
    assertThat(CliRunner.run("sign", fresh, "--key", key("a"), "--key-password-file", pw).code())
        .isZero();
    CliRunner attest =
        CliRunner.run(
            "attest",
            fresh,
            "--key",
            key("a"),
            "--key-password-file",
            pw,
            "--scan",
            "--db-dir",
            dbDir.toString());
    assertThat(attest.code()).as(attest.err()).isZero();

    CliRunner after = CliRunner.run(eval);
    assertThat(after.code()).as(after.out() + after.err()).isZero();
    assertThat(after.out()).contains("ALLOW");

    // --attested: the same decision from the verified scan attestation, without scanning
    String[] attested = java.util.Arrays.copyOf(eval, eval.length + 1);
    attested[eval.length] = "--attested";
    CliRunner fromAttestation = CliRunner.run(attested);
    assertThat(fromAttestation.code()).as(fromAttestation.out() + fromAttestation.err()).isZero();
    assertThat(fromAttestation.out()).contains("ALLOW");
    Path strict =
        Files.writeString(
            dir.resolve("strict-" + UUID.randomUUID() + ".yaml"),
            "apiVersion: drydock.io/v1\nkind: Policy\nbuiltins:\n  - no-fixable-critical-high\n");
    String[] strictEval = attested.clone();
    strictEval[4] = strict.toString();
    CliRunner denied = CliRunner.run(strictEval);
    assertThat(denied.code()).as(denied.err()).isEqualTo(PolicyEvalCommand.EXIT_DENY);
    assertThat(denied.out()).contains("CVE-2021-44228");
    // no attestation under key b: a clear one-line error
    String[] noAtt = attested.clone();
    noAtt[8] = pub("b");
    CliRunner none = CliRunner.run(noAtt);
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.oneLineError()).as(none.err()).isTrue();
    assertThat(none.err()).contains("no scan attestation that verifies");

    // Signed by a key the policy does not trust: denied, and it says which rule.
    String[] other = eval.clone();
    other[8] = pub("b");
    CliRunner wrongKey = CliRunner.run(other);
    assertThat(wrongKey.code()).isEqualTo(PolicyEvalCommand.EXIT_DENY);
    assertThat(wrongKey.out()).contains("signed-by-trusted-key");
  }

  @Test
  void signAsOci11ReferrerThenVerify() {
    String fresh = tb.plainRegistry() + "/sign-test/" + UUID.randomUUID() + ":1";
    assertThat(CliRunner.run("copy", ScanCommandTest.DEMO, fresh).code()).isZero();
    CliRunner sign =
        CliRunner.run(
            "sign",
            fresh,
            "--key",
            key("a"),
            "--key-password-file",
            passwordFile.toString(),
            "--registry-referrers-mode",
            "oci-1-1");
    assertThat(sign.code()).as(sign.err()).isZero();
    assertThat(CliRunner.run("verify", fresh, "--key", pub("a")).code()).isZero();
    assertThat(CliRunner.run("verify", fresh, "--key", pub("b")).code()).isEqualTo(1);
    CliRunner bad =
        CliRunner.run(
            "sign",
            fresh,
            "--key",
            key("a"),
            "--key-password-file",
            passwordFile.toString(),
            "--registry-referrers-mode",
            "oci-2");
    assertThat(bad.code()).isEqualTo(2);
  }

  /**
   * Attestations as OCI 1.1 referrers ({@code attest --registry-referrers-mode oci-1-1}): no {@code
   * .att} tag, and verify-attestation and {@code policy eval --attested} find them through the
   * referrers (the testbed registry has no referrers API, so through the referrers tag index).
   */
  @Test
  void attestAsOci11ReferrersThenVerifyAndPolicyEval() throws Exception {
    String fresh = tb.plainRegistry() + "/sign-test/" + UUID.randomUUID() + ":1";
    assertThat(CliRunner.run("copy", ScanCommandTest.DEMO, fresh).code()).isZero();
    String pw = passwordFile.toString();
    String[] attestArgs = {
      "attest",
      fresh,
      "--key",
      key("a"),
      "--key-password-file",
      pw,
      "--scan",
      "--db-dir",
      dbDir.toString(),
      "--cache-dir",
      dir.resolve("cache").toString(),
      "--registry-referrers-mode",
      "oci-1-1"
    };
    CliRunner attest = CliRunner.run(attestArgs);
    assertThat(attest.code()).as(attest.err()).isZero();
    assertThat(attest.err())
        .contains("Pushed attestations (vuln and CycloneDX) to ")
        .contains("@sha256:");

    ImageRef ref = ImageRef.parse(fresh);
    try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
      Digest digest = client.headManifest(ref).digest();
      List<String> tags = client.listTags(ref);
      assertThat(tags).doesNotContain("sha256-" + digest.hex() + ".att");
      assertThat(tags).contains("sha256-" + digest.hex());
      assertThat(client.referrers(ref, digest, Cosign.ATTESTATION_ARTIFACT_TYPE).manifests())
          .hasSize(2);
    }

    CliRunner ok =
        CliRunner.run(
            "verify-attestation", fresh, "--key", pub("a"), "--max-age", "24h", "-f", "json");
    assertThat(ok.code()).as(ok.err()).isZero();
    JsonNode statement =
        Json.MAPPER.readTree(ok.out()).path("attestations").get(0).path("statement");
    assertThat(statement.path("predicate").path("scanner").path("result").toString())
        .contains("CVE-2021-44228");
    CliRunner bom =
        CliRunner.run("verify-attestation", fresh, "--key", pub("a"), "--type", "cyclonedx");
    assertThat(bom.code()).as(bom.err()).isZero();
    CliRunner wrongKey = CliRunner.run("verify-attestation", fresh, "--key", pub("b"));
    assertThat(wrongKey.code()).isEqualTo(1);
    assertThat(wrongKey.oneLineError()).as(wrongKey.err()).isTrue();
    assertThat(wrongKey.err()).contains("signature invalid for this key");
    CliRunner expired =
        CliRunner.run("verify-attestation", fresh, "--key", pub("a"), "--max-age", "0s");
    assertThat(expired.code()).isEqualTo(1);
    assertThat(expired.err()).contains("expired");

    // policy eval --attested decides from the referrer attestation (and a referrer signature)
    CliRunner sign =
        CliRunner.run(
            "sign",
            fresh,
            "--key",
            key("a"),
            "--key-password-file",
            pw,
            "--registry-referrers-mode",
            "oci-1-1");
    assertThat(sign.code()).as(sign.err()).isZero();
    Path gate =
        Files.writeString(
            dir.resolve("gate-" + UUID.randomUUID() + ".yaml"),
            "apiVersion: drydock.io/v1\nkind: Policy\nbuiltins:\n"
                + "  - signed-by-trusted-key: [a.pub]\n"
                + "  - scan-attestation-max-age-hours: 24\n");
    String[] eval = {
      "policy",
      "eval",
      fresh,
      "--policy",
      gate.toString(),
      "--db-dir",
      dbDir.toString(),
      "--key",
      pub("a"),
      "-f",
      "json",
      "--attested"
    };
    CliRunner allowed = CliRunner.run(eval);
    assertThat(allowed.code()).as(allowed.out() + allowed.err()).isZero();
    assertThat(allowed.out()).contains("ALLOW");
    Path strict =
        Files.writeString(
            dir.resolve("strict-" + UUID.randomUUID() + ".yaml"),
            "apiVersion: drydock.io/v1\nkind: Policy\nbuiltins:\n  - no-fixable-critical-high\n");
    String[] strictEval = eval.clone();
    strictEval[4] = strict.toString();
    CliRunner denied = CliRunner.run(strictEval);
    assertThat(denied.code()).as(denied.err()).isEqualTo(PolicyEvalCommand.EXIT_DENY);
    assertThat(denied.out()).contains("CVE-2021-44228");
    String[] noAtt = eval.clone();
    noAtt[8] = pub("b");
    CliRunner none = CliRunner.run(noAtt);
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).contains("no scan attestation that verifies");

    CliRunner bad =
        CliRunner.run(
            "attest",
            fresh,
            "--key",
            key("a"),
            "--key-password-file",
            pw,
            "--scan",
            "--registry-referrers-mode",
            "oci-2");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("expected legacy or oci-1-1, not oci-2");
  }
}
