package io.drydock.refresh.loop;

import io.drydock.kube.ImageName;
import io.drydock.kube.ImagePatch;
import io.drydock.kube.KubeException;
import io.drydock.kube.RolloutStatus;
import io.drydock.kube.WorkloadContainer;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link Workloads} over drydock-kube: the Kubernetes API through fabric8. Thread-safe. */
public final class KubeWorkloads implements Workloads {
  private final io.drydock.kube.Workloads kube;

  public KubeWorkloads(io.drydock.kube.Workloads kube) {
    this.kube = Objects.requireNonNull(kube, "kube");
  }

  /**
   * Containers of {@code app}'s repository written with {@code digest}, or written with a tag whose
   * running pods run {@code digest} (or, with no pods to tell, the app's own tag).
   */
  @Override
  public List<Workload> running(ImageRef app, Digest digest) throws IOException {
    String repo = app.registry() + "/" + app.repository();
    List<Workload> out = new ArrayList<>();
    try {
      for (WorkloadContainer c : kube.using(ImageName.sameRepository(repo))) {
        ImageName written = ImageName.parse(c.image());
        boolean runs;
        if (written.digest() != null) {
          runs = written.digest().equals(digest.toString());
        } else if (!c.runningDigests().isEmpty()) {
          runs = c.runningDigests().contains(digest.toString());
        } else {
          runs = Objects.equals(written.tag(), app.tag());
        }
        if (runs) {
          out.add(
              new Workload(
                  c.workload().namespace(),
                  c.workload().kind().kind(),
                  c.workload().name(),
                  c.container(),
                  c.image(),
                  c));
        }
      }
    } catch (KubeException e) {
      throw new IOException(e.getMessage(), e);
    }
    return out;
  }

  @Override
  public Object patch(Workload w, String image) throws IOException {
    try {
      return kube.setImage((WorkloadContainer) w.handle(), image);
    } catch (KubeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public String awaitRollout(Object patch, Duration timeout)
      throws IOException, InterruptedException {
    try {
      RolloutStatus s = kube.follow((ImagePatch) patch, timeout);
      return s.outcome() == RolloutStatus.Outcome.SUCCEEDED
              || s.outcome() == RolloutStatus.Outcome.NOT_FOLLOWABLE
          ? null
          : s.outcome() + ": " + s.message();
    } catch (KubeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public List<String> images() throws IOException {
    try {
      java.util.Set<String> images = new java.util.TreeSet<>();
      for (WorkloadContainer c : kube.using(image -> true)) {
        images.add(c.image());
      }
      return List.copyOf(images);
    } catch (KubeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  public void rollback(Object patch) throws IOException {
    try {
      kube.rollBack((ImagePatch) patch);
    } catch (KubeException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
