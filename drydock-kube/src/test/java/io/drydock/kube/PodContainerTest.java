package io.drydock.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kubelet's imageID forms, as Docker (dockershim, cri-dockerd) and containerd write them. */
class PodContainerTest {
  static final String D = "sha256:" + "ab".repeat(32);

  @Test
  void dockerPullableIsStrippedToTheRepositoryDigest() {
    PodContainer c =
        PodContainer.of("containers", "app", "nginx:1.25", "docker-pullable://nginx@" + D);
    assertThat(c.reference()).isEqualTo("nginx@" + D);
    assertThat(c.digest()).isEqualTo(D);
    assertThat(c.repository()).isEqualTo("nginx");
    assertThat(c.imageId()).isEqualTo("docker-pullable://nginx@" + D);
  }

  @Test
  void containerdWritesTheFullReference() {
    PodContainer c = PodContainer.of("initContainers", "init", "r:5000/a/b:1", "r:5000/a/b@" + D);
    assertThat(c.reference()).isEqualTo("r:5000/a/b@" + D);
    assertThat(c.repository()).isEqualTo("r:5000/a/b");
    assertThat(c.digest()).isEqualTo(D);
  }

  @Test
  void aConfigDigestOrNothingGivesNoManifestDigest() {
    for (String id :
        new String[] {D, "docker://" + D, "", "   ", null, "repo@sha256:zz", "@" + D}) {
      PodContainer c = PodContainer.of("containers", "c", "x", id);
      assertThat(c.digest()).as(String.valueOf(id)).isNull();
      assertThat(c.reference()).as(String.valueOf(id)).isNull();
      assertThat(c.repository()).isNull();
    }
    assertThat(PodContainer.of("containers", "c", null, null).image()).isEmpty();
  }
}
