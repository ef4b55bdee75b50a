package io.drydock.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.Image;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Index;
import io.drydock.oci.Layer;
import io.drydock.oci.Manifest;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.testing.Testbed;
import io.drydock.testing.Testbed.Img;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against the real CNCF distribution 2.8.2 registries of the testbed. */
class RegistryTestbedTest {
  private Testbed tb;

  /** No credentials from the developer's own environment or docker config. */
  private static RegistryOptions isolated() {
    return RegistryOptions.defaults().withEnvironment(Map.of());
  }

  @BeforeEach
  void setUp() {
    tb = Testbed.require();
  }

  private ImageRef ref(String registry, Img img) {
    return ImageRef.parse(registry + "/" + tb.repoTag(img));
  }

  @ParameterizedTest
  @EnumSource(Img.class)
  void headAndGetReportTheTestbedDigest(Img img) throws IOException {
    RegistryClient client = RegistryClient.create(isolated());
    ImageRef ref = ref(tb.plainRegistry(), img);

    Descriptor head = client.headManifest(ref);
    RawDocument doc = client.getManifest(ref);

    assertThat(head.digest()).hasToString(tb.digest(img));
    assertThat(doc.digest()).hasToString(tb.digest(img));
    assertThat(head.size()).isEqualTo(doc.bytes().length);
    assertThat(head.mediaType()).isEqualTo(doc.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    // by digest: fetched again and verified against the reference's digest
    assertThat(client.getManifest(ref.withDigest(doc.digest())).bytes()).isEqualTo(doc.bytes());
  }

  @Test
  void pullsEveryLayerOfTheAppImageWithVerifiedDigests() throws IOException {
    RegistryClient client = RegistryClient.create(isolated());
    ImageRef ref = ref(tb.plainRegistry(), Img.APP_1_0_BASE_V1);
    Image image =
        RegistryImageSource.open(ref, client).image(new Platform("linux", "amd64", null, null));

    assertThat(image.digest()).hasToString(tb.digest(Img.APP_1_0_BASE_V1));
    assertThat(image.layers()).hasSize(tb.layerCount(Img.APP_1_0_BASE_V1));
    for (Layer layer : image.layers()) {
      long n;
      try (InputStream in = layer.openCompressed()) {
        n = in.transferTo(OutputStreamNull.INSTANCE); // verifies digest and size at EOF
      }
      assertThat(n).isEqualTo(layer.size());
    }
    // the small app layer uncompressed too: diffID verified
    Layer app = image.layers().get(image.layers().size() - 1);
    try (InputStream in = app.openUncompressed()) {
      assertThat(in.transferTo(OutputStreamNull.INSTANCE)).isPositive();
    }
  }

  @Test
  void basicAuthRegistryWithRightWrongAndNoCredentials() throws IOException {
    ImageRef ref = ref(tb.authRegistry(), Img.DEBIAN_BOOKWORM_V1);

    RegistryClient right =
        RegistryClient.create(isolated().withCredentials(tb.authUser(), tb.authPassword()));
    assertThat(right.headManifest(ref).digest()).hasToString(tb.digest(Img.DEBIAN_BOOKWORM_V1));
    assertThat(right.getManifest(ref).digest()).hasToString(tb.digest(Img.DEBIAN_BOOKWORM_V1));

    RegistryClient wrong =
        RegistryClient.create(isolated().withCredentials(tb.authUser(), "not-the-password"));
    assertThatThrownBy(() -> wrong.getManifest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "registry "
                + tb.authRegistry()
                + " rejected the credentials for user "
                + tb.authUser());

    RegistryClient none = RegistryClient.create(isolated());
    assertThatThrownBy(() -> none.headManifest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "registry "
                + tb.authRegistry()
                + " requires authentication for debian: run 'docker login "
                + tb.authRegistry()
                + "' or pass --username/--password (or set DRYDOCK_USERNAME/DRYDOCK_PASSWORD)");
  }

  @Test
  void credentialsFromTheEnvironmentAndFromADockerConfig(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    ImageRef ref = ref(tb.authRegistry(), Img.DEBIAN_BOOKWORM_V2);
    RegistryClient fromEnv =
        RegistryClient.create(
            isolated()
                .withEnvironment(
                    Map.of(
                        "DRYDOCK_USERNAME", tb.authUser(), "DRYDOCK_PASSWORD", tb.authPassword())));
    assertThat(fromEnv.headManifest(ref).digest()).hasToString(tb.digest(Img.DEBIAN_BOOKWORM_V2));

    String auth =
        java.util.Base64.getEncoder()
            .encodeToString(
                (tb.authUser() + ":" + tb.authPassword()).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        dir.resolve("config.json"),
        "{\"auths\":{\"http://" + tb.authRegistry() + "/v2/\":{\"auth\":\"" + auth + "\"}}}");
    RegistryClient fromConfig =
        RegistryClient.create(isolated().withEnvironment(Map.of("DOCKER_CONFIG", dir.toString())));
    assertThat(fromConfig.headManifest(ref).digest())
        .hasToString(tb.digest(Img.DEBIAN_BOOKWORM_V2));
  }

  @Test
  void tlsRegistryWithItsCaWithoutItAndInsecure() throws IOException {
    ImageRef ref = ref(tb.tlsRegistry(), Img.DEBIAN_BOOKWORM_V1);

    RegistryClient withCa =
        RegistryClient.create(
            isolated()
                .withCaCertificates(tb.tlsCa())
                .withCredentials(tb.tlsUser(), tb.tlsPassword()));
    assertThat(withCa.headManifest(ref).digest()).hasToString(tb.digest(Img.DEBIAN_BOOKWORM_V1));
    assertThat(withCa.getManifest(ref).digest()).hasToString(tb.digest(Img.DEBIAN_BOOKWORM_V1));

    RegistryClient withoutCa =
        RegistryClient.create(isolated().withCredentials(tb.tlsUser(), tb.tlsPassword()));
    assertThatThrownBy(() -> withoutCa.headManifest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "TLS certificate of registry " + tb.tlsRegistry() + " is not trusted")
        .hasMessageContaining("--ca-cert")
        .hasMessageNotContaining("\n");

    RegistryClient insecure =
        RegistryClient.create(
            isolated()
                .withInsecure(tb.tlsRegistry())
                .withCredentials(tb.tlsUser(), tb.tlsPassword()));
    assertThat(insecure.getManifest(ref).digest()).hasToString(tb.digest(Img.DEBIAN_BOOKWORM_V1));
  }

  @Test
  void copiesAnImageToANewRepositoryByCrossRepoMountByteExact() throws IOException {
    RegistryClient client = RegistryClient.create(isolated());
    ImageRef from = ref(tb.plainRegistry(), Img.APP_1_0_BASE_V1);
    String repoName = "drydock-it/mount-" + UUID.randomUUID();
    ImageRef to = ImageRef.parse(tb.plainRegistry() + "/" + repoName + ":copy");

    RawDocument doc = client.getManifest(from);
    Manifest m = (Manifest) doc.parse("app manifest");
    List<Descriptor> blobs = new ArrayList<>(m.layers());
    blobs.add(m.config());
    for (Descriptor d : blobs) {
      assertThat(client.blobExists(to, d.digest())).isFalse();
      assertThat(client.mountBlob(to, from, d.digest())).as("mounted %s", d.digest()).isTrue();
      assertThat(client.blobExists(to, d.digest())).isTrue();
    }
    Digest pushed = client.putManifest(to, doc);

    assertThat(pushed).hasToString(tb.digest(Img.APP_1_0_BASE_V1));
    assertThat(client.getManifest(to).bytes()).isEqualTo(doc.bytes());
    assertThat(client.headManifest(to).digest()).isEqualTo(doc.digest());
    assertThat(client.listTags(to)).containsExactly("copy");
    // the registry's own log: the new repository got mount POSTs, and no blob data (PATCH or
    // PUT of an upload) at all
    List<String> log =
        Files.readAllLines(Path.of(tb.get("DRYDOCK_REGISTRY_LOG"))).stream()
            .filter(l -> l.contains("\"") && l.contains("/v2/" + repoName + "/"))
            .filter(l -> l.startsWith("127.0.0.1 - -"))
            .toList();
    assertThat(log)
        .filteredOn(l -> l.contains("\"POST ") && l.contains("mount="))
        .hasSize(blobs.size());
    assertThat(log).filteredOn(l -> l.contains(" 201 ")).hasSizeGreaterThanOrEqualTo(blobs.size());
    assertThat(log)
        .noneMatch(l -> l.contains("\"PATCH ") || l.contains("\"PUT /v2/" + repoName + "/blobs"));
  }

  @Test
  void mountFromAnotherRegistryFallsBackWithoutARequest() throws IOException {
    RegistryClient client = RegistryClient.create(isolated());
    ImageRef to = ImageRef.parse(tb.plainRegistry() + "/drydock-it/x");
    ImageRef other = ImageRef.parse(tb.authRegistry() + "/debian");
    assertThat(client.mountBlob(to, other, Digest.sha256("x".getBytes(StandardCharsets.UTF_8))))
        .isFalse();
  }

  @Test
  void chunkedAndMonolithicUploadsReadBack() throws IOException {
    RegistryClient chunked = RegistryClient.create(isolated().withChunking(100_000, 0));
    RegistryClient mono = RegistryClient.create(isolated());
    ImageRef repo = ImageRef.parse(tb.plainRegistry() + "/drydock-it/upload-" + UUID.randomUUID());
    byte[] big = new byte[350_000];
    new Random(7).nextBytes(big);
    byte[] small = "small blob".getBytes(StandardCharsets.UTF_8);
    Descriptor bigD = Descriptor.of("application/octet-stream", Digest.sha256(big), big.length);
    Descriptor smallD =
        Descriptor.of("application/octet-stream", Digest.sha256(small), small.length);

    chunked.pushBlob(repo, bigD, () -> new ByteArrayInputStream(big));
    mono.pushBlob(repo, smallD, () -> new ByteArrayInputStream(small));

    try (InputStream in = mono.openBlob(repo, bigD)) {
      assertThat(in.readAllBytes()).isEqualTo(big);
    }
    try (InputStream in = chunked.openBlob(repo, smallD)) {
      assertThat(in.readAllBytes()).isEqualTo(small);
    }
    List<String> patches =
        Files.readAllLines(Path.of(tb.get("DRYDOCK_REGISTRY_LOG"))).stream()
            .filter(
                l ->
                    l.startsWith("127.0.0.1 - -")
                        && l.contains("\"PATCH /v2/" + repo.repository() + "/"))
            .toList();
    assertThat(patches).hasSize(4); // 350 000 bytes in chunks of 100 000
  }

  @Test
  void pushWithAWrongDigestIsRefusedByTheRegistry() throws IOException {
    RegistryClient client = RegistryClient.create(isolated());
    ImageRef repo = ImageRef.parse(tb.plainRegistry() + "/drydock-it/bad-" + UUID.randomUUID());
    byte[] content = "content".getBytes(StandardCharsets.UTF_8);
    Descriptor lie =
        Descriptor.of(
            "application/octet-stream",
            Digest.sha256("other".getBytes(StandardCharsets.UTF_8)),
            content.length);
    assertThatThrownBy(() -> client.pushBlob(repo, lie, () -> new ByteArrayInputStream(content)))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("upload of blob " + lie.digest())
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("DIGEST_INVALID");
  }

  @Test
  void listsTags() throws IOException {
    RegistryClient client = RegistryClient.create(isolated());
    assertThat(client.listTags(ImageRef.parse(tb.plainRegistry() + "/debian")))
        .contains("bookworm-v1", "bookworm-v2", "bookworm-v2-flat");
    assertThatThrownBy(() -> client.listTags(ImageRef.parse(tb.plainRegistry() + "/no/such-repo")))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("tag list of " + tb.plainRegistry() + "/no/such-repo not found")
        .hasMessageContaining("NAME_UNKNOWN");
  }

  @Test
  void unknownManifestIsNamed() throws IOException {
    RegistryClient client = RegistryClient.create(isolated());
    ImageRef ref = ImageRef.parse(tb.plainRegistry() + "/debian:no-such-tag");
    assertThatThrownBy(() -> client.getManifest(ref))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("manifest " + ref + " not found")
        .hasMessageContaining("MANIFEST_UNKNOWN");
    assertThatThrownBy(() -> client.headManifest(ref))
        .hasMessageStartingWith("manifest " + ref + " not found");
  }

  @Test
  void referrersFallBackToTheTagSchemaOnDistribution282() throws IOException {
    RegistryClient client = RegistryClient.create(isolated());
    ImageRef from = ref(tb.plainRegistry(), Img.DEBIAN_BOOKWORM_V1);
    ImageRef repo =
        ImageRef.parse(tb.plainRegistry() + "/drydock-it/referrers-" + UUID.randomUUID());
    RawDocument subjectDoc = client.getManifest(from);
    Manifest subject = (Manifest) subjectDoc.parse("subject");
    for (Descriptor d : subject.layers()) {
      client.mountBlob(repo, from, d.digest());
    }
    client.mountBlob(repo, from, subject.config().digest());
    client.putManifest(repo.withTag("v1"), subjectDoc);

    assertThat(client.referrers(repo, subjectDoc.digest(), null).manifests()).isEmpty();

    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    Descriptor emptyD = Descriptor.of(MediaTypes.OCI_EMPTY, Digest.sha256(empty), empty.length);
    client.pushBlob(repo, emptyD, () -> new ByteArrayInputStream(empty));
    String artifactType = "application/vnd.drydock.test.scan+json";
    String artifact =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"artifactType\":\""
            + artifactType
            + "\",\"config\":{\"mediaType\":\""
            + MediaTypes.OCI_EMPTY
            + "\",\"digest\":\""
            + emptyD.digest()
            + "\",\"size\":2},\"layers\":[{\"mediaType\":\""
            + MediaTypes.OCI_EMPTY
            + "\",\"digest\":\""
            + emptyD.digest()
            + "\",\"size\":2}],\"subject\":{\"mediaType\":\""
            + subjectDoc.mediaType()
            + "\",\"digest\":\""
            + subjectDoc.digest()
            + "\",\"size\":"
            + subjectDoc.bytes().length
            + "}}";
    RawDocument artifactDoc =
        RawDocument.of(MediaTypes.OCI_MANIFEST, artifact.getBytes(StandardCharsets.UTF_8));
    client.putManifest(
        new ImageRef(repo.registry(), repo.repository(), null, artifactDoc.digest()), artifactDoc);
    String tagIndex =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":[{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + artifactDoc.digest()
            + "\",\"size\":"
            + artifactDoc.bytes().length
            + ",\"artifactType\":\""
            + artifactType
            + "\"}]}";
    client.putManifest(
        repo.withTag("sha256-" + subjectDoc.digest().hex()),
        RawDocument.of(MediaTypes.OCI_INDEX, tagIndex.getBytes(StandardCharsets.UTF_8)));

    Index all = client.referrers(repo, subjectDoc.digest(), null);
    assertThat(all.manifests())
        .extracting(Descriptor::digest)
        .containsExactly(artifactDoc.digest());
    assertThat(all.manifests().get(0).artifactType()).isEqualTo(artifactType);
    assertThat(client.referrers(repo, subjectDoc.digest(), artifactType).manifests()).hasSize(1);
    assertThat(client.referrers(repo, subjectDoc.digest(), "application/other").manifests())
        .isEmpty();
    // the artifact reads back byte-exact by digest
    assertThat(client.getManifest(repo.withDigest(artifactDoc.digest())).bytes())
        .isEqualTo(artifactDoc.bytes());

    // pushReferrer maintains the tag index itself on this registry (no OCI-Subject answer)
    RawDocument second =
        RawDocument.of(
            MediaTypes.OCI_MANIFEST,
            artifact
                .replace(artifactType, "application/vnd.drydock.test.sig")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(client.pushReferrer(repo, second)).isEqualTo(second.digest());
    assertThat(client.pushReferrer(repo, second)).isEqualTo(second.digest()); // idempotent
    assertThat(client.referrers(repo, subjectDoc.digest(), null).manifests())
        .extracting(Descriptor::digest, Descriptor::artifactType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(artifactDoc.digest(), artifactType),
            org.assertj.core.groups.Tuple.tuple(
                second.digest(), "application/vnd.drydock.test.sig"));
  }

  /** Discards bytes. */
  static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
