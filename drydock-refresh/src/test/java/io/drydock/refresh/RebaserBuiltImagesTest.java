package io.drydock.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageConfig;
import io.drydock.oci.ImageDocument;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Index;
import io.drydock.oci.Json;
import io.drydock.oci.Manifest;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryException;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.TestImages;
import io.drydock.testing.Testbed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rebaser on images built in code and pushed to the real testbed registry, each test under its
 * own repositories: a multi-platform index, a platform missing from the new base, the copy fallback
 * when blobs cannot be mounted, and a Docker v2 image that must stay Docker.
 */
class RebaserBuiltImagesTest {
  static final String AMD64 = "linux/amd64";
  static final String ARM64 = "linux/arm64/v8";

  static Testbed tb;
  static RegistryClient client;

  @BeforeAll
  static void setUp() throws IOException {
    tb = Testbed.require();
    client = RegistryClient.create(RegistryOptions.defaults());
  }

  @AfterAll
  static void tearDown() {
    if (client != null) {
      client.close();
    }
  }

  static TestImages base(String platform, boolean upgraded) {
    TestImages img =
        TestImages.image()
            .platform(platform)
            .layer(l -> l.file("etc/os-release", "ID=debian\n").file("etc/arch", platform + "\n"));
    if (upgraded) {
      img.layer(l -> l.file("etc/upgraded", "security fixes\n"));
    }
    return img.config(c -> c.env("PATH=/usr/bin:/bin").cmd("bash"));
  }

  static TestImages app(String platform) {
    return TestImages.image()
        .platform(platform)
        .layer(l -> l.file("etc/os-release", "ID=debian\n").file("etc/arch", platform + "\n"))
        .layer(l -> l.file("opt/app/run", "#!/bin/sh\necho " + platform + "\n"))
        .config(
            c ->
                c.user("1000")
                    .entrypoint("/opt/app/run")
                    .cmd("--serve")
                    .env("PATH=/usr/bin:/bin")
                    .env("APP_MODE=prod")
                    .workingDir("/opt/app")
                    .label("org.example.app", "demo")
                    .history("debootstrap")
                    .history("COPY app /opt/app"));
  }

  static String unique(String name) {
    return tb.plainRegistry() + "/rebase-test/" + name + "-" + Long.toHexString(System.nanoTime());
  }

  /** Pushes an image's blobs and its manifest (by digest, and under {@code tag} if not null). */
  static void push(ImageRef repo, TestImages img, String tag) throws IOException {
    TestImages.Built b = img.build();
    pushBlobs(repo, b.blobs(), b.manifestDigest());
    RawDocument m = RawDocument.of(MediaTypes.OCI_MANIFEST, b.manifest());
    client.putManifest(byDigest(repo, m.digest()), m);
    if (tag != null) {
      client.putManifest(repo.withTag(tag), m);
    }
  }

  static void pushBlobs(ImageRef repo, Map<String, byte[]> blobs, String skip) throws IOException {
    for (Map.Entry<String, byte[]> e : blobs.entrySet()) {
      if (e.getKey().equals(skip)) {
        continue;
      }
      byte[] bytes = e.getValue();
      client.pushBlob(
          repo,
          Descriptor.of("application/octet-stream", Digest.parse(e.getKey()), bytes.length),
          () -> new ByteArrayInputStream(bytes));
    }
  }

  static void pushIndex(ImageRef repo, String tag, TestImages... images) throws IOException {
    for (TestImages i : images) {
      push(repo, i, null);
    }
    RawDocument index = RawDocument.of(MediaTypes.OCI_INDEX, TestImages.index(images).indexBytes());
    client.putManifest(repo.withTag(tag), index);
  }

  static ImageRef byDigest(ImageRef repo, Digest d) {
    return new ImageRef(repo.registry(), repo.repository(), null, d);
  }

  static ImageDocument read(ImageRef ref) throws IOException {
    return client.getManifest(ref).parse("manifest " + ref);
  }

  static ImageConfig config(ImageRef repo, Manifest m) throws IOException {
    try (InputStream in = client.openBlob(repo, m.config())) {
      return ImageConfig.parse(in.readAllBytes(), "config");
    }
  }

  static List<Digest> layers(Manifest m) {
    return m.layers().stream().map(Descriptor::digest).toList();
  }

  @Test
  void rebasesEveryPlatformOfAnIndexAndTagsTheNewIndexLast() throws IOException {
    String root = unique("multi");
    ImageRef bases = ImageRef.parse(root + "/debian:x");
    ImageRef apps = ImageRef.parse(root + "/app:x");
    pushIndex(bases, "v1", base(AMD64, false), base(ARM64, false));
    pushIndex(bases, "v2", base(AMD64, true), base(ARM64, true));
    pushIndex(apps, "1.0", app(AMD64), app(ARM64));
    ImageRef tag = ImageRef.parse(root + "/out:rebased");

    Rebaser rebaser = new Rebaser(client, l -> {});
    Rebaser.Request request =
        Rebaser.Request.of(apps.withTag("1.0"), bases.withTag("v1"), bases.withTag("v2"), tag);
    RebaseResult r = rebaser.rebase(request);

    // Per platform: config + 2 base layers + 1 app layer; the upgrade layer is the same blob on
    // both platforms, so 7 blobs: 5 mounted (across repositories), 2 configs uploaded.
    assertThat(r.plan().blobs()).hasSize(7);
    assertThat(r.mounted()).isEqualTo(5);
    assertThat(r.copied()).isEqualTo(2);
    assertThat(r.plan().isIndex()).isTrue();

    Index index = (Index) read(tag);
    assertThat(client.headManifest(tag).digest()).isEqualTo(r.digest());
    assertThat(index.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(index.platforms()).containsExactly(Platform.parse(AMD64), Platform.parse(ARM64));
    Digest v2Digest = client.headManifest(bases.withTag("v2")).digest();
    assertThat(index.annotations())
        .containsEntry(Rebaser.BASE_NAME, root + "/debian:v2")
        .containsEntry(Rebaser.BASE_DIGEST, v2Digest.toString());

    for (String p : List.of(AMD64, ARM64)) {
      Platform platform = Platform.parse(p);
      Descriptor d = index.select(platform).orElseThrow();
      Manifest m = (Manifest) read(byDigest(tag, d.digest()));
      Manifest v2 =
          (Manifest) read(byDigest(bases, Digest.parse(base(p, true).build().manifestDigest())));
      Manifest appM =
          (Manifest) read(byDigest(apps, Digest.parse(app(p).build().manifestDigest())));
      List<Digest> expected = new ArrayList<>(layers(v2));
      expected.add(appM.layers().get(1).digest());
      assertThat(layers(m)).as(p).isEqualTo(expected);
      assertThat(m.annotations()).containsEntry(Rebaser.BASE_DIGEST, v2Digest.toString());

      ImageConfig c = config(tag, m);
      ImageConfig appC = config(apps, appM);
      assertThat(c.platform()).isEqualTo(appC.platform());
      assertThat(c.diffIds())
          .containsExactly(
              Digest.parse(base(p, true).diffIds().get(0)),
              Digest.parse(base(p, true).diffIds().get(1)),
              Digest.parse(app(p).diffIds().get(1)));
      assertThat(c.user()).isEqualTo("1000");
      assertThat(c.entrypoint()).containsExactly("/opt/app/run");
      assertThat(c.cmd()).containsExactly("--serve");
      assertThat(c.env()).containsExactly("PATH=/usr/bin:/bin", "APP_MODE=prod");
      assertThat(c.labels()).containsEntry("org.example.app", "demo");
      assertThat(c.history().stream().map(ImageConfig.History::createdBy))
          .containsExactly("layer 1", "layer 2", "COPY app /opt/app");
    }

    // Again: up to date, nothing pushed, same digest.
    RebaseResult again = rebaser.rebase(request);
    assertThat(again.upToDate()).isTrue();
    assertThat(again.digest()).isEqualTo(r.digest());
  }

  @Test
  void aPlatformMissingFromTheNewBaseIsAnErrorNamingIt() throws IOException {
    String root = unique("missing");
    ImageRef bases = ImageRef.parse(root + "/debian:x");
    ImageRef apps = ImageRef.parse(root + "/app:x");
    pushIndex(bases, "v1", base(AMD64, false), base(ARM64, false));
    pushIndex(bases, "v2", base(AMD64, true));
    pushIndex(apps, "1.0", app(AMD64), app(ARM64));
    ImageRef tag = ImageRef.parse(root + "/out:rebased");

    assertThatThrownBy(
            () ->
                new Rebaser(client, l -> {})
                    .rebase(
                        Rebaser.Request.of(
                            apps.withTag("1.0"), bases.withTag("v1"), bases.withTag("v2"), tag)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("new base ")
        .hasMessageContaining("has no linux/arm64/v8 image");
    // Refused while planning: nothing was pushed or tagged.
    assertThatThrownBy(() -> client.headManifest(tag))
        .isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(404));
  }

  @Test
  void copiesBlobsWhenTheyCannotBeMounted() throws IOException {
    String root = unique("copy");
    ImageRef bases = ImageRef.parse(root + "/debian:x");
    ImageRef apps = ImageRef.parse(root + "/app:x");
    push(bases, base(AMD64, false), "v1");
    push(bases, base(AMD64, true), "v2");
    push(apps, app(AMD64), "1.0");
    // The same server under another name is another registry to a client: no mounts possible.
    String port = tb.plainRegistry().substring(tb.plainRegistry().indexOf(':'));
    ImageRef tag =
        ImageRef.parse("localhost" + port + root.substring(root.indexOf('/')) + "/out:rebased");

    RebaseResult r =
        new Rebaser(client, l -> {})
            .rebase(
                Rebaser.Request.of(
                    apps.withTag("1.0"), bases.withTag("v1"), bases.withTag("v2"), tag));

    assertThat(r.mounted()).isZero();
    assertThat(r.copied()).isEqualTo(4);
    Manifest m = (Manifest) read(tag);
    assertThat(layers(m))
        .containsExactly(
            Digest.parse(base(AMD64, true).layerDigests().get(0)),
            Digest.parse(base(AMD64, true).layerDigests().get(1)),
            Digest.parse(app(AMD64).layerDigests().get(1)));
    for (Descriptor l : m.layers()) {
      assertThat(client.blobExists(tag, l.digest())).isTrue();
    }
  }

  @Test
  void aDockerImageStaysDocker() throws IOException {
    String root = unique("docker");
    ImageRef bases = ImageRef.parse(root + "/debian:x");
    ImageRef apps = ImageRef.parse(root + "/app:x");
    push(bases, base(AMD64, false), "v1");
    push(bases, base(AMD64, true), "v2");
    TestImages app = app(AMD64);
    pushBlobs(apps, app.blobs(), app.manifestDigest());
    String docker =
        new String(app.manifestBytes(), StandardCharsets.UTF_8)
            .replace(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST)
            .replace(MediaTypes.OCI_CONFIG, MediaTypes.DOCKER_CONFIG)
            .replace(MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP);
    client.putManifest(
        apps.withTag("1.0"),
        RawDocument.of(MediaTypes.DOCKER_MANIFEST, docker.getBytes(StandardCharsets.UTF_8)));
    ImageRef tag = ImageRef.parse(root + "/out:rebased");

    RebaseResult r =
        new Rebaser(client, l -> {})
            .rebase(
                Rebaser.Request.of(
                    apps.withTag("1.0"), bases.withTag("v1"), bases.withTag("v2"), tag));

    RawDocument stored = client.getManifest(tag);
    assertThat(stored.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(stored.digest()).isEqualTo(r.digest());
    Manifest m = (Manifest) stored.parse("rebased");
    assertThat(m.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    // The new base's layers keep their media types; the app's layer keeps its own.
    assertThat(m.layers().stream().map(Descriptor::mediaType))
        .containsExactly(
            MediaTypes.OCI_LAYER_GZIP, MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP);
    assertThat(Json.readObject(stored.bytes(), "rebased").path("mediaType").asString())
        .isEqualTo(MediaTypes.DOCKER_MANIFEST);
  }

  /**
   * Pushes {@code img} with its config's history replaced: entries are {@code created_by} strings,
   * those starting with "#" are {@code empty_layer} entries.
   */
  static void pushWithHistory(ImageRef repo, String tag, TestImages img, String... history)
      throws IOException {
    TestImages.Built b = img.build();
    tools.jackson.databind.node.ObjectNode config =
        (tools.jackson.databind.node.ObjectNode) Json.readObject(b.config(), "config");
    tools.jackson.databind.node.ArrayNode h = config.putArray("history");
    for (String entry : history) {
      tools.jackson.databind.node.ObjectNode e = h.addObject();
      e.put("created", "1970-01-01T00:00:00Z");
      e.put("created_by", entry);
      if (entry.startsWith("#")) {
        e.put("empty_layer", true);
      }
    }
    RawDocument c = RawDocument.of(MediaTypes.OCI_CONFIG, Json.MAPPER.writeValueAsBytes(config));
    tools.jackson.databind.node.ObjectNode manifest =
        (tools.jackson.databind.node.ObjectNode) Json.readObject(b.manifest(), "manifest");
    tools.jackson.databind.node.ObjectNode cd =
        (tools.jackson.databind.node.ObjectNode) manifest.get("config");
    cd.put("digest", c.digest().toString());
    cd.put("size", c.bytes().length);
    Map<String, byte[]> blobs = new java.util.LinkedHashMap<>(b.blobs());
    blobs.remove(b.configDigest());
    blobs.put(c.digest().toString(), c.bytes());
    pushBlobs(repo, blobs, b.manifestDigest());
    client.putManifest(
        repo.withTag(tag),
        RawDocument.of(MediaTypes.OCI_MANIFEST, Json.MAPPER.writeValueAsBytes(manifest)));
  }

  @Test
  void historyKeepsTheAppsEntriesAfterTheOldBasesEntryCountIncludingEmptyLayers()
      throws IOException {
    String root = unique("history");
    ImageRef bases = ImageRef.parse(root + "/debian:x");
    ImageRef apps = ImageRef.parse(root + "/app:x");
    pushWithHistory(bases, "v1", base(AMD64, false), "debootstrap", "# CMD bash");
    pushWithHistory(
        bases, "v2", base(AMD64, true), "debootstrap", "apt-get upgrade", "# CMD bash (v2)");
    pushWithHistory(
        apps, "1.0", app(AMD64), "debootstrap", "# CMD bash", "# ENV APP_MODE", "COPY app");
    ImageRef tag = ImageRef.parse(root + "/out:rebased");

    new Rebaser(client, l -> {})
        .rebase(
            Rebaser.Request.of(apps.withTag("1.0"), bases.withTag("v1"), bases.withTag("v2"), tag));

    Manifest m = (Manifest) read(tag);
    ImageConfig c = config(tag, m);
    assertThat(c.history().stream().map(ImageConfig.History::createdBy))
        .containsExactly(
            "debootstrap", "apt-get upgrade", "# CMD bash (v2)", "# ENV APP_MODE", "COPY app");
    assertThat(c.history().stream().map(ImageConfig.History::emptyLayer))
        .containsExactly(false, false, true, true, false);
    // History entries with a layer pair up with the layers again.
    assertThat(c.layerHistory(m.layers().size()).get(2).createdBy()).isEqualTo("COPY app");
  }
}
