package io.drydock.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.Image;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Index;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.testing.registry.Fault;
import io.drydock.testing.registry.InMemoryRegistry;
import io.drydock.testing.registry.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the in-memory registry of drydock-testing, which injects faults on the wire
 * and records every request: retries, auth flows, redirects, uploads, referrers, paging.
 */
class RegistryFaultTest {
  private static final String OCTET = "application/octet-stream";

  private InMemoryRegistry reg;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    reg = InMemoryRegistry.start();
  }

  @AfterEach
  void stop() {
    reg.close();
  }

  /** Isolated from the developer's credentials; waits are recorded, not slept. */
  private RegistryOptions options() {
    return RegistryOptions.defaults().withEnvironment(Map.of()).withSleeper(sleeps::add);
  }

  private RegistryClient client(RegistryOptions o) throws IOException {
    return RegistryClient.create(o);
  }

  private ImageRef ref(String repoTag) {
    return ImageRef.parse(reg.hostPort() + "/" + repoTag);
  }

  private long count(String method, String pathFragment) {
    return reg.requests().stream()
        .filter(r -> r.method().equals(method) && r.path().contains(pathFragment))
        .count();
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Descriptor blob(byte[] content) {
    return Descriptor.of(OCTET, Digest.sha256(content), content.length);
  }

  /** A one-layer image (real gzip tar, config with its diff_id); returns the manifest. */
  private RawDocument putImage(String repo, String tag) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
      byte[] file = "hello from the layer\n".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry e = new TarArchiveEntry("etc/hello");
      e.setSize(file.length);
      out.putArchiveEntry(e);
      out.write(file);
      out.closeArchiveEntry();
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(tar.toByteArray());
    }
    byte[] layer = gz.toByteArray();
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
            + "\"diff_ids\":[\""
            + Digest.sha256(tar.toByteArray())
            + "\"]}}";
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    reg.putBlob(repo, layer);
    reg.putBlob(repo, configBytes);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\""
            + MediaTypes.OCI_CONFIG
            + "\",\"digest\":\""
            + Digest.sha256(configBytes)
            + "\",\"size\":"
            + configBytes.length
            + "},\"layers\":[{\"mediaType\":\""
            + MediaTypes.OCI_LAYER_GZIP
            + "\",\"digest\":\""
            + Digest.sha256(layer)
            + "\",\"size\":"
            + layer.length
            + "}]}";
    byte[] m = manifest.getBytes(StandardCharsets.UTF_8);
    reg.putManifest(repo, tag, MediaTypes.OCI_MANIFEST, m);
    return RawDocument.of(MediaTypes.OCI_MANIFEST, m);
  }

  @Test
  void retriesAfter429HonouringRetryAfter() throws IOException {
    RawDocument m = putImage("app", "v1");
    reg.faults().add(Fault.status(429).retryAfterSeconds(3).times(2).onPath("/manifests/"));

    RawDocument got = client(options()).getManifest(ref("app:v1"));

    assertThat(got.digest()).isEqualTo(m.digest());
    assertThat(count("GET", "/v2/app/manifests/v1")).isEqualTo(3);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
  }

  @Test
  void retryAfterIsCappedAtTheMaximumBackoff() throws IOException {
    putImage("app", "v1");
    reg.faults().add(Fault.status(429).retryAfterSeconds(3600).times(1).onPath("/manifests/"));
    client(options().withRetry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(2))))
        .headManifest(ref("app:v1"));
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void retriesAfter503AndGivesUpNamingUrlAndStatus() throws IOException {
    byte[] content = random(5000, 1);
    reg.putBlob("app", content);
    reg.faults().add(Fault.status(503).times(1).onPath("/blobs/"));
    try (InputStream in = client(options()).openBlob(ref("app"), blob(content))) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    assertThat(count("GET", "/blobs/")).isEqualTo(2);
    assertThat(sleeps).hasSize(1);

    reg.faults().add(Fault.status(503).onPath("/manifests/"));
    RegistryClient client =
        client(options().withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5))));
    assertThatThrownBy(() -> client.getManifest(ref("app:nope")))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith(
            "manifest " + ref("app:nope") + ": GET " + reg.url() + "/v2/app/manifests/nope")
        .hasMessageContaining("answered HTTP 503")
        .hasMessageEndingWith("after 3 attempts");
    assertThat(count("GET", "/v2/app/manifests/nope")).isEqualTo(3);
  }

  @Test
  void corruptBlobFailsNamingTheDigest() throws IOException {
    byte[] content = random(10_000, 2);
    reg.putBlob("app", content);
    reg.faults().add(Fault.corruptBody().onPath("/blobs/"));
    Descriptor d = blob(content);
    try (InputStream in = client(options()).openBlob(ref("app"), d)) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(DigestMismatchException.class)
          .hasMessageStartingWith(
              "blob " + d.digest() + " of " + reg.hostPort() + "/app has digest")
          .hasMessageEndingWith("expected " + d.digest());
    }
  }

  @Test
  void truncatedBlobFailsClearly() throws IOException {
    byte[] content = random(10_000, 3);
    reg.putBlob("app", content);
    reg.faults().add(Fault.truncateBody(100).times(1).onPath("/blobs/"));
    Descriptor d = blob(content);
    try (InputStream in = client(options()).openBlob(ref("app"), d)) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("blob " + d.digest() + " of " + reg.hostPort() + "/app")
          .hasMessageContaining("of 10000 bytes")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void truncatedManifestFailsClearly() throws IOException {
    putImage("app", "v1");
    reg.faults().add(Fault.truncateBody(10).times(1).onPath("/manifests/"));
    assertThatThrownBy(() -> client(options()).getManifest(ref("app:v1")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("manifest " + ref("app:v1"))
        .hasMessageNotContaining("\n");
  }

  @Test
  void slowButSteadyBodyIsNotCutByTheIdleTimeout() throws IOException {
    byte[] content = random(2000, 11);
    reg.putBlob("app", content);
    reg.faults().add(Fault.slowBody(4000).onPath("/blobs/"));
    RegistryClient client =
        client(options().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)));
    try (InputStream in = client.openBlob(ref("app"), blob(content))) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void basicAuthRequiredWithoutCredentialsSaysHowToLogIn() throws IOException {
    putImage("app", "v1");
    reg.requireBasicAuth("u", "p");
    assertThatThrownBy(() -> client(options()).getManifest(ref("app:v1")))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "registry "
                + reg.hostPort()
                + " requires authentication for app: run 'docker login "
                + reg.hostPort()
                + "' or pass --username/--password (or set DRYDOCK_USERNAME/DRYDOCK_PASSWORD)");
    assertThat(client(options().withCredentials("u", "p")).headManifest(ref("app:v1")).size())
        .isPositive();
  }

  @Test
  void bearerTokensAreScopedAndCached() throws IOException {
    RawDocument m = putImage("app", "v1");
    byte[] extra = random(300, 4);
    reg.putBlob("app", extra);
    reg.requireBearerAuth("u", "p");
    RegistryClient client = client(options().withCredentials("u", "p"));

    client.headManifest(ref("app:v1"));
    client.getManifest(ref("app:v1"));
    try (InputStream in = client.openBlob(ref("app"), blob(extra))) {
      in.readAllBytes();
    }
    assertThat(reg.tokensIssued()).as("one pull token for everything").isEqualTo(1);

    byte[] pushed = random(200, 5);
    client.pushBlob(ref("app"), blob(pushed), () -> new ByteArrayInputStream(pushed));
    assertThat(reg.tokensIssued()).as("a push token on top").isEqualTo(2);
    client.getManifest(ref("app:v1"));
    client.pushBlob(ref("app"), blob(random(10, 6)), () -> new ByteArrayInputStream(random(10, 6)));
    assertThat(reg.tokensIssued()).as("both still cached").isEqualTo(2);
    assertThat(reg.blob(Digest.sha256(pushed).toString())).contains(pushed);

    List<RecordedRequest> tokenRequests =
        reg.requests().stream().filter(r -> r.path().startsWith("/token")).toList();
    assertThat(tokenRequests).hasSize(2);
    assertThat(tokenRequests.get(0).path()).contains("scope=repository%3Aapp%3Apull");
    assertThat(tokenRequests.get(1).path()).contains("scope=repository%3Aapp%3Apull%2Cpush");
    assertThat(tokenRequests)
        .allMatch(r -> r.header("Authorization").orElse("").startsWith("Basic "));
    assertThat(m.digest()).isNotNull();
  }

  @Test
  void concurrentPullsShareOneToken() throws Exception {
    RawDocument m = putImage("app", "v1");
    reg.requireBearerAuth("u", "p");
    RegistryClient client = client(options().withCredentials("u", "p"));
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Digest>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> client.getManifest(ref("app:v1")).digest()));
      }
      for (java.util.concurrent.Future<Digest> f : results) {
        assertThat(f.get()).isEqualTo(m.digest());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(reg.tokensIssued()).isEqualTo(1);
    assertThat(count("GET", "/v2/")).isGreaterThanOrEqualTo(17); // one ping, 16 manifests
    assertThat(reg.requests().stream().filter(r -> r.path().equals("/v2/")).count()).isEqualTo(1);
  }

  @Test
  void uploadIsRetriedWithAFreshStreamAfter503() throws IOException {
    byte[] content = random(1500, 12);
    java.util.concurrent.atomic.AtomicInteger opened =
        new java.util.concurrent.atomic.AtomicInteger();
    reg.faults().add(Fault.status(503).times(1).onMethod("PUT").onPath("digest="));
    client(options())
        .pushBlob(
            ref("app"),
            blob(content),
            () -> {
              opened.incrementAndGet();
              return new ByteArrayInputStream(content);
            });
    assertThat(reg.blob(Digest.sha256(content).toString())).contains(content);
    assertThat(count("PUT", "digest=")).isEqualTo(2);
    assertThat(opened.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void bearerWithWrongOrNoCredentials() throws IOException {
    putImage("app", "v1");
    reg.requireBearerAuth("u", "p");
    assertThatThrownBy(
            () -> client(options().withCredentials("u", "wrong")).getManifest(ref("app:v1")))
        .hasMessage("registry " + reg.hostPort() + " rejected the credentials for user u");
    assertThatThrownBy(() -> client(options()).getManifest(ref("app:v1")))
        .hasMessageStartingWith("registry " + reg.hostPort() + " requires authentication for app:");
  }

  @Test
  void anonymousBearerTokens() throws IOException {
    RawDocument m = putImage("library/app", "v1");
    reg.requireBearerAuth("", "");
    assertThat(client(options()).getManifest(ref("library/app:v1")).digest()).isEqualTo(m.digest());
    assertThat(reg.tokensIssued()).isEqualTo(1);
  }

  @Test
  void redirectToAnotherHostCarriesNoAuthorization() throws IOException {
    byte[] content = random(4000, 7);
    reg.putBlob("app", content);
    reg.requireBearerAuth("u", "p");
    reg.faults().add(Fault.redirectBlobs());
    try (InputStream in =
        client(options().withCredentials("u", "p")).openBlob(ref("app"), blob(content))) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    List<RecordedRequest> blobGets =
        reg.requests().stream().filter(r -> r.path().contains("/blobs/")).toList();
    assertThat(blobGets).hasSizeGreaterThanOrEqualTo(2);
    RecordedRequest redirected = blobGets.get(blobGets.size() - 1);
    assertThat(redirected.host()).startsWith("localhost:");
    assertThat(redirected.header("Authorization")).isEmpty();
    assertThat(blobGets.get(blobGets.size() - 2).header("Authorization")).isPresent();
  }

  @Test
  void chunkedUploadSendsContentRanges() throws IOException {
    byte[] content = random(3500, 8);
    RegistryClient client = client(options().withChunking(1000, 0));
    client.pushBlob(ref("app"), blob(content), () -> new ByteArrayInputStream(content));

    assertThat(reg.blob(Digest.sha256(content).toString())).contains(content);
    assertThat(reg.hasBlob("app", Digest.sha256(content).toString())).isTrue();
    assertThat(
            reg.requests().stream()
                .filter(r -> r.method().equals("PATCH"))
                .map(r -> r.header("Content-Range").orElse("")))
        .containsExactly("0-999", "1000-1999", "2000-2999", "3000-3499");
  }

  @Test
  void mountsWhenTheSourceHasTheBlobAndFallsBackToUploadWhenNot() throws IOException {
    byte[] content = random(2000, 9);
    String digest = reg.putBlob("source", content);
    reg.requireBearerAuth("u", "p");
    RegistryClient client = client(options().withCredentials("u", "p"));

    assertThat(client.mountBlob(ref("target"), ref("source"), Digest.parse(digest))).isTrue();
    assertThat(reg.hasBlob("target", digest)).isTrue();
    assertThat(count("PATCH", "/")).isZero();
    assertThat(count("PUT", "/blobs/uploads/")).isZero();

    assertThat(client.mountBlob(ref("third"), ref("empty"), Digest.parse(digest))).isFalse();
    assertThat(reg.hasBlob("third", digest)).isFalse();
    client.pushBlob(ref("third"), blob(content), () -> new ByteArrayInputStream(content));
    assertThat(reg.hasBlob("third", digest)).isTrue();
  }

  @Test
  void pushesManifestsByteExactUnderTheirMediaType() throws IOException {
    RawDocument m = putImage("app", "v1");
    RegistryClient client = client(options());
    String indexJson =
        "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \""
            + MediaTypes.OCI_INDEX
            + "\",\n  \"manifests\": [{\"mediaType\": \""
            + MediaTypes.OCI_MANIFEST
            + "\", \"digest\": \""
            + m.digest()
            + "\", \"size\": "
            + m.bytes().length
            + ", \"platform\": {\"architecture\": \"amd64\", \"os\": \"linux\"}}]\n}\n";
    RawDocument index =
        RawDocument.of(MediaTypes.OCI_INDEX, indexJson.getBytes(StandardCharsets.UTF_8));

    assertThat(client.putManifest(ref("app:multi"), index)).isEqualTo(index.digest());
    assertThat(reg.manifest("app", "multi")).contains(index.bytes());
    assertThat(reg.manifestMediaType("app", "multi")).contains(MediaTypes.OCI_INDEX);

    // and the image resolves through the index with the child manifest fetched by digest
    Image image =
        RegistryImageSource.open(ref("app:multi"), client)
            .image(new Platform("linux", "amd64", null, null));
    assertThat(image.digest()).isEqualTo(m.digest());
    try (InputStream in = image.layers().get(0).openUncompressed()) {
      assertThat(in.readAllBytes()).isNotEmpty(); // diffID verified at EOF
    }
  }

  @Test
  void referrersApiWhenEnabledAndTagFallbackWhenNot() throws IOException {
    RawDocument subject = putImage("app", "v1");
    RegistryClient client = client(options());
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    client.pushBlob(
        ref("app"),
        Descriptor.of(MediaTypes.OCI_EMPTY, Digest.sha256(empty), 2),
        () -> new ByteArrayInputStream(empty));
    String artifactType = "application/vnd.drydock.scan+json";
    String artifact =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"artifactType\":\""
            + artifactType
            + "\",\"config\":{\"mediaType\":\""
            + MediaTypes.OCI_EMPTY
            + "\",\"digest\":\""
            + Digest.sha256(empty)
            + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + subject.digest()
            + "\",\"size\":"
            + subject.bytes().length
            + "}}";
    RawDocument art =
        RawDocument.of(MediaTypes.OCI_MANIFEST, artifact.getBytes(StandardCharsets.UTF_8));
    client.putManifest(new ImageRef(reg.hostPort(), "app", null, art.digest()), art);

    Index viaApi = client.referrers(ref("app"), subject.digest(), null);
    assertThat(viaApi.manifests()).extracting(Descriptor::digest).containsExactly(art.digest());
    assertThat(viaApi.manifests().get(0).artifactType()).isEqualTo(artifactType);
    assertThat(client.referrers(ref("app"), subject.digest(), "other/type").manifests()).isEmpty();
    assertThat(count("GET", "/v2/app/referrers/" + subject.digest())).isEqualTo(2);
    assertThat(count("GET", "/manifests/sha256-")).isZero();

    reg.setReferrersApi(false);
    assertThat(client.referrers(ref("app"), subject.digest(), null).manifests()).isEmpty();
    assertThat(count("GET", "/v2/app/manifests/sha256-" + subject.digest().hex())).isEqualTo(1);
  }

  @Test
  void pushReferrerUsesTheTagSchemaOnlyWhenTheRegistryDoesNotIndexReferrers() throws IOException {
    RawDocument subject = putImage("app", "v1");
    RegistryClient client = client(options());
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    reg.putBlob("app", empty);
    String template =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"artifactType\":\"%s\",\"config\":{\"mediaType\":\""
            + MediaTypes.OCI_EMPTY
            + "\",\"digest\":\""
            + Digest.sha256(empty)
            + "\",\"size\":2},\"layers\":[],\"subject\":{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + subject.digest()
            + "\",\"size\":"
            + subject.bytes().length
            + "}}";
    RawDocument a1 =
        RawDocument.of(
            MediaTypes.OCI_MANIFEST,
            String.format(template, "application/a").getBytes(StandardCharsets.UTF_8));
    RawDocument a2 =
        RawDocument.of(
            MediaTypes.OCI_MANIFEST,
            String.format(template, "application/b").getBytes(StandardCharsets.UTF_8));
    String tag = "sha256-" + subject.digest().hex();

    client.pushReferrer(ref("app"), a1);
    assertThat(reg.tags("app")).doesNotContain(tag); // OCI-Subject: the registry indexes it

    reg.setReferrersApi(false);
    client.pushReferrer(ref("app"), a2);
    assertThat(reg.tags("app")).contains(tag);
    assertThat(client.referrers(ref("app"), subject.digest(), "application/b").manifests())
        .extracting(Descriptor::digest)
        .containsExactly(a2.digest());
  }

  @Test
  void tagListFollowsPages() throws IOException {
    RawDocument m = putImage("app", "t0");
    for (int i = 1; i < 5; i++) {
      reg.putManifest("app", "t" + i, MediaTypes.OCI_MANIFEST, m.bytes());
    }
    reg.setMaxPageSize(2);
    assertThat(client(options()).listTags(ref("app")))
        .containsExactly("t0", "t1", "t2", "t3", "t4");
    assertThat(count("GET", "/tags/list")).isEqualTo(3);
  }
}
