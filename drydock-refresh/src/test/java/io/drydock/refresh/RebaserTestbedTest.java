package io.drydock.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageConfig;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.oci.Manifest;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryException;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rebaser against the real testbed registry and the real Debian images: the app built on base
 * v1 is moved onto v2 (v1's layer plus an {@code apt-get upgrade} layer). The testbed also built
 * the same app on v2 from scratch, so the rebased layers must equal that image's layers.
 */
class RebaserTestbedTest {
  static Testbed tb;
  static RegistryClient client;
  static JsonNode imagesJson;

  @BeforeAll
  static void setUp() throws IOException {
    tb = Testbed.require();
    client = RegistryClient.create(RegistryOptions.defaults());
    imagesJson = Json.MAPPER.readTree(Files.readAllBytes(tb.imagesJson()));
  }

  @AfterAll
  static void tearDown() {
    if (client != null) {
      client.close();
    }
  }

  static ImageRef ref(Img img) {
    return ImageRef.parse(tb.plainRegistry() + "/" + tb.repoTag(img));
  }

  static ImageRef uniqueTag(String name) {
    return ImageRef.parse(
        tb.plainRegistry()
            + "/rebase-test/"
            + name
            + "-"
            + Long.toHexString(System.nanoTime())
            + ":r");
  }

  static Manifest manifest(ImageRef ref) throws IOException {
    return (Manifest) client.getManifest(ref).parse("manifest " + ref);
  }

  static byte[] config(ImageRef ref, Manifest m) throws IOException {
    try (InputStream in = client.openBlob(ref, m.config())) {
      return in.readAllBytes();
    }
  }

  static List<Digest> layerDigests(Manifest m) {
    return m.layers().stream().map(Descriptor::digest).toList();
  }

  @Test
  void rebasesTheAppOntoV2AndTheSecondRunDoesNothing() throws IOException {
    ImageRef tag = uniqueTag("app");
    List<String> progress = new CopyOnWriteArrayList<>();
    Rebaser rebaser = new Rebaser(client, progress::add);
    Rebaser.Request request =
        Rebaser.Request.of(
            ref(Img.APP_1_0_BASE_V1),
            ref(Img.DEBIAN_BOOKWORM_V1),
            ref(Img.DEBIAN_BOOKWORM_V2),
            tag);

    RebaseResult first = rebaser.rebase(request);

    assertThat(first.upToDate()).isFalse();
    // v2's two layers from debian and the app layer from drydock/app are mounted; only the new
    // config is uploaded.
    assertThat(first.mounted()).isEqualTo(3);
    assertThat(first.copied()).isEqualTo(1);
    assertThat(first.existing()).isZero();
    assertThat(progress).anyMatch(l -> l.startsWith("Tagged " + tag));

    ImageRef app = ref(Img.APP_1_0_BASE_V1);
    ImageRef v2 = ref(Img.DEBIAN_BOOKWORM_V2);
    Manifest appM = manifest(app);
    Manifest v2M = manifest(v2);
    Manifest result = manifest(tag);
    assertThat(client.headManifest(tag).digest()).isEqualTo(first.digest());
    assertThat(result.mediaType()).isEqualTo(appM.mediaType());

    List<Digest> expectedLayers = new ArrayList<>(layerDigests(v2M));
    expectedLayers.add(appM.layers().get(1).digest());
    assertThat(layerDigests(result)).isEqualTo(expectedLayers);
    // The testbed built the same app on v2 from scratch: same layers.
    assertThat(layerDigests(result)).isEqualTo(layerDigests(manifest(ref(Img.APP_1_0_BASE_V2))));
    assertThat(result.layers().get(0).mediaType()).isEqualTo(v2M.layers().get(0).mediaType());

    ImageConfig appC = ImageConfig.parse(config(app, appM), "app config");
    ImageConfig v2C = ImageConfig.parse(config(v2, v2M), "v2 config");
    ImageConfig oldC =
        ImageConfig.parse(
            config(ref(Img.DEBIAN_BOOKWORM_V1), manifest(ref(Img.DEBIAN_BOOKWORM_V1))),
            "v1 config");
    ImageConfig resC = ImageConfig.parse(config(tag, result), "rebased config");
    List<Digest> expectedDiffIds = new ArrayList<>(v2C.diffIds());
    expectedDiffIds.add(appC.diffIds().get(1));
    assertThat(resC.diffIds()).isEqualTo(expectedDiffIds);
    assertThat(resC.entrypoint()).isEqualTo(appC.entrypoint());
    assertThat(resC.cmd()).isEqualTo(appC.cmd()).isNotEmpty();
    assertThat(resC.env()).isEqualTo(appC.env()).isNotEmpty();
    assertThat(resC.user()).isEqualTo(appC.user());
    assertThat(resC.workingDir()).isEqualTo(appC.workingDir()).isEqualTo("/opt/app");
    assertThat(resC.created()).isEqualTo(appC.created());
    assertThat(resC.platform()).isEqualTo(appC.platform());
    List<ImageConfig.History> expectedHistory = new ArrayList<>(v2C.history());
    expectedHistory.addAll(appC.history().subList(oldC.history().size(), appC.history().size()));
    assertThat(resC.history()).isEqualTo(expectedHistory).hasSize(3);
    assertThat(resC.history().get(2).createdBy()).startsWith("COPY app/");
    assertThat(resC.labels())
        .containsEntry("org.drydock.testbed.base", "v1")
        .containsEntry(Rebaser.BASE_DIGEST, tb.digest(Img.DEBIAN_BOOKWORM_V2))
        .containsEntry(Rebaser.BASE_NAME, v2.name() + ":bookworm-v2");

    assertThat(result.annotations())
        .containsEntry(Rebaser.BASE_NAME, tb.plainRegistry() + "/debian:bookworm-v2")
        .containsEntry(Rebaser.BASE_DIGEST, tb.digest(Img.DEBIAN_BOOKWORM_V2));

    // Second run: the same digest, nothing pushed.
    progress.clear();
    RebaseResult second = rebaser.rebase(request);
    assertThat(second.upToDate()).isTrue();
    assertThat(second.digest()).isEqualTo(first.digest());
    assertThat(second.mounted() + second.copied() + second.existing()).isZero();
    assertThat(progress).anyMatch(l -> l.contains("already up to date"));
  }

  @Test
  void planIsDeterministicAndPushesNothing() throws IOException {
    ImageRef tag = uniqueTag("dry");
    Rebaser rebaser = new Rebaser(client, l -> {});
    Rebaser.Request request =
        Rebaser.Request.of(
            ref(Img.APP_1_0_BASE_V1),
            ref(Img.DEBIAN_BOOKWORM_V1),
            ref(Img.DEBIAN_BOOKWORM_V2),
            tag);
    RebasePlan a = rebaser.plan(request);
    RebasePlan b = rebaser.plan(request);
    assertThat(a.result().bytes()).isEqualTo(b.result().bytes());
    assertThat(a.images().get(0).config().bytes()).isEqualTo(b.images().get(0).config().bytes());
    assertThat(a.digest()).isEqualTo(b.digest());
    assertThat(a.oldBaseDigest().toString()).isEqualTo(tb.digest(Img.DEBIAN_BOOKWORM_V1));
    assertThat(a.newBaseDigest().toString()).isEqualTo(tb.digest(Img.DEBIAN_BOOKWORM_V2));
    assertThat(a.images().get(0).appLayers()).isEqualTo(1);
    assertThat(a.blobs()).hasSize(4);

    assertThatThrownBy(() -> client.headManifest(tag))
        .isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(404));
  }

  @Test
  void refusesWhenTheAppDoesNotSitOnTheOldBase() throws IOException {
    ImageRef tag = uniqueTag("refused");
    Rebaser rebaser = new Rebaser(client, l -> {});
    String appLayer = layerShort(Img.APP_1_0_BASE_V1, 1);
    String v2Layer = layerShort(Img.DEBIAN_BOOKWORM_V2, 1);
    assertThatThrownBy(
            () ->
                rebaser.rebase(
                    Rebaser.Request.of(
                        ref(Img.APP_1_0_BASE_V1),
                        ref(Img.DEBIAN_BOOKWORM_V2),
                        ref(Img.DEBIAN_BOOKWORM_V2),
                        tag)))
        .isInstanceOf(NotOnBaseException.class)
        .hasMessage(
            "drydock/app@"
                + tb.digest(Img.APP_1_0_BASE_V1)
                + " does not sit on debian@"
                + tb.digest(Img.DEBIAN_BOOKWORM_V2)
                + ": layer 1 differs ("
                + appLayer
                + " vs the base's "
                + v2Layer
                + ")");
    // The flat v2 shares no layer with v1 at all.
    assertThatThrownBy(
            () ->
                rebaser.plan(
                    Rebaser.Request.of(
                        ref(Img.APP_1_0_BASE_V1),
                        ref(Img.DEBIAN_BOOKWORM_V2_FLAT),
                        ref(Img.DEBIAN_BOOKWORM_V2),
                        tag)))
        .isInstanceOf(NotOnBaseException.class)
        .hasMessageContaining("layer 0 differs");
  }

  static String layerShort(Img img, int i) throws IOException {
    return manifest(ref(img)).layers().get(i).digest().shortHex();
  }

  @Test
  void rawDocumentOfTheResultMatchesItsDigest() throws IOException {
    ImageRef tag = uniqueTag("raw");
    RebaseResult r =
        new Rebaser(client, l -> {})
            .rebase(
                Rebaser.Request.of(
                    ref(Img.APP_1_0_BASE_V1),
                    ref(Img.DEBIAN_BOOKWORM_V1),
                    ref(Img.DEBIAN_BOOKWORM_V2),
                    tag));
    RawDocument stored = client.getManifest(tag);
    assertThat(stored.bytes()).isEqualTo(r.plan().result().bytes());
    assertThat(stored.digest()).isEqualTo(r.digest());
  }
}
