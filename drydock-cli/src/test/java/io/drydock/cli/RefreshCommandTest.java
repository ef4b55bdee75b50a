package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import io.drydock.testing.Testbed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code drydock refresh --once} end to end against the real testbed registry: the app built on
 * Debian base v1 is rebased when its base tag moves to v2, scanned (the finding that v2's apt fixes
 * is gone), checked against the policy, signed, attested and tagged; a second run does nothing.
 */
class RefreshCommandTest {
  static Path dir;
  static Testbed tb;
  static Path pw;
  static Path db;

  @BeforeAll
  static synchronized void setUp() throws Exception {
    if (tb != null) {
      return;
    }
    tb = Testbed.require();
    dir = Files.createTempDirectory("drydock-refresh-test");
    pw = Files.writeString(dir.resolve("password"), "s3cret\n");
    CliRunner k =
        CliRunner.run(
            "generate-key-pair",
            "--output-key-prefix",
            dir.resolve("cosign").toString(),
            "--key-password-file",
            pw.toString());
    assertThat(k.code()).as(k.err()).isZero();
    // A Debian advisory that base v2 fixes (apt 2.6.1 in v1, 2.6.2 in v2). The bundled real
    // advisories have no Debian records, so this one is written for the test.
    Path osv = Files.createDirectories(dir.resolve("osv"));
    Files.writeString(
        osv.resolve("DEBIAN-CVE-2099-0001.json"),
        "{\"schema_version\":\"1.6.0\",\"id\":\"DEBIAN-CVE-2099-0001\","
            + "\"modified\":\"2026-11-01T00:00:00Z\",\"published\":\"2026-11-01T00:00:00Z\","
            + "\"aliases\":[\"CVE-2099-0001\"],\"summary\":\"apt: test vulnerability\","
            + "\"severity\":[{\"type\":\"CVSS_V3\","
            + "\"score\":\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}],"
            + "\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"apt\"},"
            + "\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
            + "{\"fixed\":\"2.6.2\"}]}]}]}");
    db = dir.resolve("db");
    CliRunner imp =
        CliRunner.run(
            "db",
            "import",
            "--db-dir",
            db.toString(),
            DbCommandTest.advisories().toString(),
            osv.toString());
    assertThat(imp.code()).as(imp.err()).isZero();
  }

  static void copy(String from, String to) {
    CliRunner r = CliRunner.run("copy", from, to);
    assertThat(r.code()).as(r.err()).isZero();
  }

  static String registryImage(Testbed.Img img) {
    return "docker://" + tb.plainRegistry() + "/" + tb.repoTag(img);
  }

  static String digest(String image) {
    CliRunner r = CliRunner.run("inspect", image, "-f", "json");
    assertThat(r.code()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out()).path("digest").asString();
  }

  /** A fresh repository pair: the base tag (at v1) and the app on it. */
  record Setup(String base, String app, Path config, Path state) {}

  static Setup setup(String policy) throws Exception {
    return setup(policy, "", true);
  }

  /**
   * @param extra YAML appended to the config
   * @param explicitBase whether the app names its base (else lineage finds it by its layers)
   */
  static Setup setup(String policy, String extra, boolean explicitBase) throws Exception {
    String p = tb.plainRegistry() + "/refresh-" + UUID.randomUUID().toString().substring(0, 8);
    String base = p + "/debian:bookworm";
    String app = p + "/app:1.0";
    copy(registryImage(Testbed.Img.DEBIAN_BOOKWORM_V1), base);
    copy(registryImage(Testbed.Img.APP_1_0_BASE_V1), app);
    Path policyFile =
        Files.writeString(dir.resolve("policy-" + UUID.randomUUID() + ".yaml"), policy);
    Path config =
        Files.writeString(
            dir.resolve("refresh-" + UUID.randomUUID() + ".yaml"),
            "apiVersion: drydock.io/v1\n"
                + "kind: RefreshConfig\n"
                + "bases:\n"
                + "  - "
                + base
                + "\n"
                + "apps:\n"
                + "  - image: "
                + app
                + "\n"
                + (explicitBase ? "    base: " + base + "\n" : "")
                + "    action: rebase\n"
                + "policy: "
                + policyFile
                + "\n"
                + "signingKey: "
                + dir.resolve("cosign.key")
                + "\n"
                + extra);
    return new Setup(base, app, config, dir.resolve("state-" + UUID.randomUUID() + ".json"));
  }

  static String policyOf(Setup s) throws java.io.IOException {
    for (String line : Files.readAllLines(s.config())) {
      if (line.startsWith("policy: ")) {
        return line.substring("policy: ".length());
      }
    }
    throw new AssertionError("no policy in " + s.config());
  }

  static CliRunner refresh(Setup s, String... extra) {
    String[] args = {
      "refresh",
      "--config",
      s.config().toString(),
      "--once",
      "--state",
      s.state().toString(),
      "--db-dir",
      db.toString(),
      "--cache-dir",
      dir.resolve("cache").toString(),
      "--key-password-file",
      pw.toString()
    };
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return CliRunner.run(all);
  }

  /** The base layers must be free of fixable critical/high findings (the app's log4j is not). */
  static final String POLICY =
      "apiVersion: drydock.io/v1\nkind: Policy\nrules:\n  - name: clean-base\n"
          + "    expression: \"findings.all(f, f.origin != 'base' || !(f.severity in ['CRITICAL',"
          + " 'HIGH'] && f.fixAvailable))\"\n"
          + "    message: the base image has fixable critical/high findings\n";

  @Test
  void baseUpdateRebasesValidatesSignsAndTagsOnceOnly() throws Exception {
    Setup s = setup(POLICY);
    String before = digest(s.app());

    // Before the refresh the app fails that policy: v1's apt has CVE-2099-0001 (fixed in v2).
    CliRunner eval =
        CliRunner.run(
            "policy",
            "eval",
            s.app(),
            "--policy",
            s.config().resolveSibling(policyOf(s)).toString(),
            "--db-dir",
            db.toString());
    assertThat(eval.code()).as(eval.out() + eval.err()).isEqualTo(PolicyEvalCommand.EXIT_DENY);
    CliRunner scan = CliRunner.run("scan", s.app(), "--db-dir", db.toString(), "-f", "json");
    assertThat(scan.out()).contains("CVE-2099-0001");

    CliRunner first = refresh(s);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("No base changed.");
    assertThat(first.err()).contains("watching " + s.base());

    copy(registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2), s.base()); // the base tag moves to v2

    CliRunner plan = refresh(s, "--dry-run", "-f", "json");
    assertThat(plan.code()).as(plan.err()).isZero();
    JsonNode planned = Json.MAPPER.readTree(plan.out()).get(0).path("apps").get(0);
    assertThat(planned.path("status").asString()).isEqualTo("PLANNED");
    String plannedDigest = planned.path("newDigest").asString();
    assertThat(plannedDigest).startsWith("sha256:").isNotEqualTo(before);
    assertThat(digest(s.app())).as("a dry run changes nothing").isEqualTo(before);

    CliRunner run = refresh(s, "-f", "json");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(run.out()).get(0);
    assertThat(report.path("base").asString()).isEqualTo(s.base());
    assertThat(report.path("newDigest").asString())
        .isEqualTo(tb.digest(Testbed.Img.DEBIAN_BOOKWORM_V2));
    JsonNode app = report.path("apps").get(0);
    assertThat(app.path("status").asString()).isEqualTo("REFRESHED");
    assertThat(app.path("newDigest").asString()).isEqualTo(plannedDigest);
    assertThat(app.path("fixed").toString()).contains("CVE-2099-0001");
    assertThat(app.path("millis").has("rebase")).isTrue();
    assertThat(app.path("millis").has("scan")).isTrue();
    assertThat(digest(s.app())).isEqualTo(plannedDigest);

    CliRunner verify =
        CliRunner.run("verify", s.app(), "--key", dir.resolve("cosign.pub").toString());
    assertThat(verify.code()).as(verify.err()).isZero();
    CliRunner att =
        CliRunner.run("verify-attestation", s.app(), "--key", dir.resolve("cosign.pub").toString());
    assertThat(att.code()).as(att.err()).isZero();

    CliRunner again = refresh(s);
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("No base changed.");
    assertThat(digest(s.app())).isEqualTo(plannedDigest);
  }

  @Test
  void lineageFindsTheBaseByLayersAndTheReportIsPostedToTheNotifyWebhook() throws Exception {
    java.util.concurrent.BlockingQueue<String> posted =
        new java.util.concurrent.LinkedBlockingQueue<>();
    com.sun.net.httpserver.HttpServer hook =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 2);
    hook.createContext(
        "/slack",
        ex -> {
          posted.add(
              new String(
                  ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    hook.start();
    try {
      Setup s =
          setup(
              POLICY,
              "notify:\n  webhook: http://127.0.0.1:" + hook.getAddress().getPort() + "/slack\n",
              false);
      CliRunner graph = CliRunner.run(lineageArgs(s));
      assertThat(graph.code()).as(graph.err()).isZero();
      JsonNode base = Json.MAPPER.readTree(graph.out()).path("bases").get(0);
      assertThat(base.path("base").asString()).isEqualTo(s.base());
      assertThat(base.path("apps").get(0).path("app").asString()).isEqualTo(s.app());
      assertThat(base.path("apps").get(0).path("rule").asString()).isEqualTo("LAYER_PREFIX");

      assertThat(refresh(s).code()).isZero();
      copy(registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2), s.base());
      CliRunner run = refresh(s);
      assertThat(run.code()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("REFRESHED");
      String body = posted.poll(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(body).isNotNull();
      JsonNode note = Json.MAPPER.readTree(body);
      assertThat(note.path("text").asString()).contains("REFRESHED").contains("CVE-2099-0001");
      assertThat(note.path("drydock").path("apps").get(0).path("status").asString())
          .isEqualTo("REFRESHED");
    } finally {
      hook.stop(0);
    }
  }

  static String[] lineageArgs(Setup s) {
    return new String[] {"refresh", "--config", s.config().toString(), "--lineage", "-f", "json"};
  }

  @Test
  void anAppThatDoesNotSitOnItsConfiguredBaseIsReportedNotRebased() throws Exception {
    Setup s = setup(POLICY);
    // The watched tag is first seen at v2 (the app is on v1), then moves to v2-flat: the app does
    // not sit on the base's old digest (v2: its layer 1 differs), so it is reported, not rebased.
    copy(registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2), s.base());
    assertThat(refresh(s).code()).isZero();
    String before = digest(s.app());
    copy(registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2_FLAT), s.base());
    CliRunner run = refresh(s);
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(4);
    assertThat(run.out()).contains("NOT_ON_BASE").contains("does not sit on");
    assertThat(digest(s.app())).isEqualTo(before);
  }

  @Test
  void aRefreshedImageThatFailsThePolicyIsNeitherTaggedNorSigned() throws Exception {
    Setup s =
        setup(
            "apiVersion: drydock.io/v1\nkind: Policy\nrules:\n  - name: never\n"
                + "    expression: 'false'\n    message: nothing passes\n");
    String before = digest(s.app());
    assertThat(refresh(s).code()).isZero();
    copy(registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2), s.base());
    CliRunner run = refresh(s);
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(4);
    assertThat(run.out()).contains("FAILED_POLICY").contains("never");
    assertThat(digest(s.app())).as("the tag still names the old image").isEqualTo(before);
    CliRunner verify =
        CliRunner.run("verify", s.app(), "--key", dir.resolve("cosign.pub").toString());
    assertThat(verify.code()).isEqualTo(1);
  }

  /**
   * {@code registryReferrersMode: oci-1-1}: the refreshed image's signature and scan attestation
   * are pushed as OCI 1.1 referrers (no {@code .sig}/{@code .att} tags), and verify finds them.
   */
  @Test
  void signaturesAndAttestationsCanGoToTheReferrers() throws Exception {
    Setup s = setup(POLICY, "registryReferrersMode: oci-1-1\n", true);
    assertThat(refresh(s).code()).isZero();
    copy(registryImage(Testbed.Img.DEBIAN_BOOKWORM_V2), s.base());
    CliRunner run = refresh(s, "-f", "json");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(Json.MAPPER.readTree(run.out()).get(0).path("apps").get(0).path("status").asString())
        .isEqualTo("REFRESHED");
    String refreshed = digest(s.app());
    String repo = s.app().substring(0, s.app().lastIndexOf(':'));
    String tagBase = repo + ":" + refreshed.replace(':', '-');
    for (String legacy : new String[] {tagBase + ".sig", tagBase + ".att"}) {
      CliRunner inspect = CliRunner.run("inspect", legacy);
      assertThat(inspect.code()).as(legacy + " must not exist").isEqualTo(1);
    }
    // the tag-schema referrers index (the testbed registry has no referrers API)
    assertThat(CliRunner.run("inspect", "--raw", tagBase).out())
        .contains("application/vnd.dev.cosign.artifact.sig.v1+json")
        .contains("application/vnd.in-toto+json");
    String pub = dir.resolve("cosign.pub").toString();
    CliRunner verify = CliRunner.run("verify", s.app(), "--key", pub);
    assertThat(verify.code()).as(verify.err()).isZero();
    CliRunner att = CliRunner.run("verify-attestation", s.app(), "--key", pub);
    assertThat(att.code()).as(att.err()).isZero();
  }

  @Test
  void badConfigsAreOneLine() throws Exception {
    for (String[] c :
        new String[][] {
          {"apiVersion: drydock.io/v1\nkind: Nope\n", "kind RefreshConfig"},
          {
            "apiVersion: drydock.io/v1\nkind: RefreshConfig\nbases: [a/b:1]\nappz: []\n",
            "unknown key \"appz\""
          },
          {
            "apiVersion: drydock.io/v1\nkind: RefreshConfig\nbases: [a/b:1]\n"
                + "apps:\n  - image: a/c:1\n    action: repaint\n",
            "apps[0].action"
          },
          {"apiVersion: drydock.io/v1\nkind: RefreshConfig\n", "no bases to watch"},
          {
            "apiVersion: drydock.io/v1\nkind: RefreshConfig\nbases: [a/b:1]\n"
                + "kubernetes:\n  enabled: false\n  discover: true\n",
            "kubernetes.discover needs kubernetes.enabled: true"
          },
          {
            "apiVersion: drydock.io/v1\nkind: RefreshConfig\nbases: [a/b:1]\n"
                + "registryReferrersMode: oci-2\n",
            "registryReferrersMode: expected legacy or oci-1-1, not \"oci-2\""
          },
          {"{{{", "not valid YAML"},
        }) {
      Path f = Files.writeString(dir.resolve("bad-" + UUID.randomUUID() + ".yaml"), c[0]);
      CliRunner r = CliRunner.run("refresh", "--config", f.toString(), "--once");
      assertThat(r.code()).as(c[0]).isEqualTo(1);
      assertThat(r.oneLineError()).as(r.err()).isTrue();
      assertThat(r.err()).contains(f.toString()).contains(c[1]);
    }
  }
}
