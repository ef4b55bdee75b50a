package io.drydock.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.ImageRef;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.testing.TestImages;
import io.drydock.testing.registry.Fault;
import io.drydock.testing.registry.InMemoryRegistry;
import io.drydock.testing.registry.RecordedRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restart safety with injected failures (drydock-testing's in-memory registry): a rebase that fails
 * half-way leaves the tag untouched, the tag is the last thing written, and running again finishes
 * the job reusing what was already pushed.
 */
class RebaserCrashSafetyTest {
  InMemoryRegistry registry;
  RegistryClient client;
  Rebaser.Request request;

  @BeforeEach
  void setUp() throws IOException {
    registry = InMemoryRegistry.start();
    client = RegistryClient.create(RegistryOptions.defaults());
    put("lib/debian", "v1", RebaserBuiltImagesTest.base("linux/amd64", false));
    put("lib/debian", "v2", RebaserBuiltImagesTest.base("linux/amd64", true));
    put("team/app", "1.0", RebaserBuiltImagesTest.app("linux/amd64"));
    String r = registry.hostPort();
    request =
        Rebaser.Request.of(
            ImageRef.parse(r + "/team/app:1.0"),
            ImageRef.parse(r + "/lib/debian:v1"),
            ImageRef.parse(r + "/lib/debian:v2"),
            ImageRef.parse(r + "/team/app:1.0-rebased"));
  }

  @AfterEach
  void tearDown() {
    client.close();
    registry.close();
  }

  void put(String repo, String tag, TestImages img) {
    TestImages.Built b = img.build();
    for (Map.Entry<String, byte[]> e : b.blobs().entrySet()) {
      if (!e.getKey().equals(b.manifestDigest())) {
        registry.putBlob(repo, e.getValue());
      }
    }
    registry.putManifest(repo, tag, MediaTypes.OCI_MANIFEST, b.manifest());
  }

  @Test
  void aFailedBlobUploadLeavesTheTagAloneAndARerunFinishes() throws IOException {
    registry.faults().add(Fault.status(500).onMethod("PUT").onPath("/blobs/uploads/").times(1));
    Rebaser rebaser = new Rebaser(client, l -> {});
    assertThatThrownBy(() -> rebaser.rebase(request)).isInstanceOf(IOException.class);
    assertThat(registry.tags("team/app")).containsExactly("1.0");

    RebaseResult r = rebaser.rebase(request);
    assertThat(r.upToDate()).isFalse();
    assertThat(registry.tags("team/app")).containsExactlyInAnyOrder("1.0", "1.0-rebased");
    assertThat(registry.manifest("team/app", "1.0-rebased"))
        .get()
        .isEqualTo(r.plan().result().bytes());
    // The app layer was in team/app already; v2's two layers were mounted by the failed run, or
    // (when its failure cancelled them first: the transfers run in parallel) by this one; the
    // config, whose upload failed, is copied now. Every blob is accounted for exactly once.
    assertThat(r.existing() + r.mounted() + r.copied()).isEqualTo(4);
    assertThat(r.existing()).isGreaterThanOrEqualTo(1);
    assertThat(r.copied()).isEqualTo(1);
  }

  @Test
  void aFailedManifestPushLeavesTheTagAloneAndTheTagIsWrittenLast() throws IOException {
    registry.faults().add(Fault.status(500).onMethod("PUT").onPath("/manifests/sha256:").times(1));
    Rebaser rebaser = new Rebaser(client, l -> {});
    assertThatThrownBy(() -> rebaser.rebase(request)).isInstanceOf(IOException.class);
    assertThat(registry.tags("team/app")).containsExactly("1.0");

    registry.clearRequests();
    RebaseResult r = rebaser.rebase(request);
    List<RecordedRequest> writes =
        registry.requests().stream()
            .filter(q -> q.method().equals("PUT") || q.method().equals("POST"))
            .toList();
    assertThat(writes).isNotEmpty();
    assertThat(writes.get(writes.size() - 1).path()).endsWith("/manifests/1.0-rebased");
    assertThat(writes.get(writes.size() - 2).path()).endsWith("/manifests/" + r.digest());
    // Every blob was pushed by the failed run: the rerun only writes manifests.
    assertThat(r.existing()).isEqualTo(4);
    assertThat(writes).hasSize(2);
  }
}
