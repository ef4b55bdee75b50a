package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * The CLI against the real testbed: real Debian images in every transport, the real registry over
 * plain HTTP, basic auth and TLS. The digests Drydock reports must equal the registry's.
 */
class CliTestbedTest {
  static Testbed tb;
  static JsonNode imagesJson;

  @BeforeAll
  static void testbed() throws Exception {
    tb = Testbed.require();
    imagesJson = Json.MAPPER.readTree(Files.readAllBytes(tb.imagesJson())).path("images");
  }

  static JsonNode inspectJson(String... args) {
    List<String> all = new ArrayList<>(List.of("inspect", "--format", "json"));
    all.addAll(List.of(args));
    CliRunner r = CliRunner.run(all.toArray(String[]::new));
    assertThat(r.code()).as("%s: %s", all, r.err()).isZero();
    return Json.MAPPER.readTree(r.out());
  }

  static String refName(Img img) {
    return img.name().toLowerCase().replace("app_1_0", "app-1.0").replace('_', '-');
  }

  static List<String> diffIds(Img img) {
    List<String> out = new ArrayList<>();
    imagesJson
        .path(refName(img))
        .path("layers")
        .forEach(l -> out.add(l.path("diff_id").asString()));
    return out;
  }

  @ParameterizedTest
  @EnumSource(Img.class)
  void everyTransportReportsTheRegistryDigest(Img img) {
    String digest = tb.digest(img);
    JsonNode plain = inspectJson(tb.plainRegistry() + "/" + tb.repoTag(img));
    assertThat(plain.path("digest").asString()).isEqualTo(digest);
    assertThat(plain.path("layers")).hasSize(tb.layerCount(img));
    assertThat(plain.path("platform").asString()).isEqualTo("linux/amd64");

    JsonNode auth =
        inspectJson(
            "-u",
            tb.authUser(),
            "-p",
            tb.authPassword(),
            "docker://" + tb.authRegistry() + "/" + tb.repoTag(img));
    assertThat(auth.path("digest").asString()).isEqualTo(digest);

    JsonNode tls =
        inspectJson(
            "--ca-cert",
            tb.tlsCa().toString(),
            "-u",
            tb.tlsUser(),
            "-p",
            tb.tlsPassword(),
            tb.tlsRegistry() + "/" + tb.repoTag(img));
    assertThat(tls.path("digest").asString()).isEqualTo(digest);

    assertThat(inspectJson("oci:" + tb.ociLayout() + ":" + refName(img)).path("digest").asString())
        .isEqualTo(digest);
    assertThat(inspectJson("oci:" + tb.ociDir(img)).path("digest").asString()).isEqualTo(digest);
    assertThat(inspectJson("oci-archive:" + tb.ociArchive(img)).path("digest").asString())
        .isEqualTo(digest);

    // docker-archive has no stored manifest (skopeo converted it): compare the layers' diffIDs.
    JsonNode docker = inspectJson("docker-archive:" + tb.dockerArchive(img));
    List<String> dockerDiffIds = new ArrayList<>();
    docker.path("layers").forEach(l -> dockerDiffIds.add(l.path("diffId").asString()));
    assertThat(dockerDiffIds).isEqualTo(diffIds(img));
    List<String> registryDiffIds = new ArrayList<>();
    plain.path("layers").forEach(l -> registryDiffIds.add(l.path("diffId").asString()));
    assertThat(registryDiffIds).isEqualTo(diffIds(img));
  }

  @Test
  void authRegistryWithoutCredentialsSaysHowToLogIn() {
    CliRunner r =
        CliRunner.run("inspect", tb.authRegistry() + "/" + tb.repoTag(Img.DEBIAN_BOOKWORM_V1));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.oneLineError()).isTrue();
    assertThat(r.err()).contains("requires authentication", "docker login", "--username");
  }

  @Test
  void tlsRegistryWithoutItsCaFailsClearly() {
    CliRunner r =
        CliRunner.run(
            "inspect",
            "-u",
            tb.tlsUser(),
            "-p",
            tb.tlsPassword(),
            tb.tlsRegistry() + "/" + tb.repoTag(Img.DEBIAN_BOOKWORM_V1));
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.oneLineError()).isTrue();
    assertThat(r.err()).contains(tb.tlsRegistry());
  }

  @Test
  void rootfsInspectsAsOneLayer() {
    JsonNode j = inspectJson("dir:" + tb.rootfs(Img.DEBIAN_BOOKWORM_V1));
    assertThat(j.path("layers")).hasSize(1);
    assertThat(j.path("digest").asString()).startsWith("sha256:");
  }

  @Test
  void copyToLayoutAndToRegistryKeepsTheDigest(@TempDir Path tmp) {
    Img img = Img.APP_1_0_BASE_V1;
    String src = tb.plainRegistry() + "/" + tb.repoTag(img);
    CliRunner toLayout = CliRunner.run("copy", src, "oci:" + tmp.resolve("layout") + ":app");
    assertThat(toLayout.code()).as(toLayout.err()).isZero();
    assertThat(toLayout.out().strip()).isEqualTo(tb.digest(img));
    assertThat(tmp.resolve("layout/blobs/sha256/" + tb.digest(img).substring(7))).exists();

    // Back into the registry under a new repository: blobs are mounted, not uploaded.
    String repo = "copytest/app-" + Long.toHexString(System.nanoTime());
    CliRunner toRegistry = CliRunner.run("copy", src, tb.plainRegistry() + "/" + repo + ":1");
    assertThat(toRegistry.code()).as(toRegistry.err()).isZero();
    assertThat(toRegistry.out().strip()).isEqualTo(tb.digest(img));
    assertThat(toRegistry.err()).contains("0 uploaded", "3 mounted");

    // From the layout to yet another repository: nothing to mount from, so everything uploads.
    String repo2 = "copytest/from-layout-" + Long.toHexString(System.nanoTime());
    CliRunner fromLayout =
        CliRunner.run(
            "copy",
            "oci:" + tmp.resolve("layout") + ":app",
            tb.plainRegistry() + "/" + repo2 + ":1");
    assertThat(fromLayout.code()).as(fromLayout.err()).isZero();
    assertThat(fromLayout.out().strip()).isEqualTo(tb.digest(img));
    assertThat(inspectJson(tb.plainRegistry() + "/" + repo2 + ":1").path("digest").asString())
        .isEqualTo(tb.digest(img));
  }

  @Test
  void validateReadsEveryRealLayer() {
    CliRunner r = CliRunner.run("validate", "oci-archive:" + tb.ociArchive(Img.APP_1_0_BASE_V2));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("OK: 3 layers verified");
  }
}
