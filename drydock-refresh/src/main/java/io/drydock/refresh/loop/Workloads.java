package io.drydock.refresh.loop;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The cluster side of a refresh: who runs an image, and moving them to another ({@link
 * KubeWorkloads} in production).
 */
public interface Workloads {
  /**
   * The containers running {@code app}'s repository at {@code digest}: written with that digest, or
   * with a tag whose running pods resolved to it.
   */
  List<Workload> running(ImageRef app, Digest digest) throws IOException;

  /**
   * Sets the container's image to {@code image}, only if it is still {@code w.image()}.
   *
   * @return what {@link #awaitRollout} and {@link #rollback} need
   */
  Object patch(Workload w, String image) throws IOException;

  /**
   * Waits until the rollout {@code patch} started is complete.
   *
   * @return {@code null} when it completed, else why not (failed, timed out)
   */
  String awaitRollout(Object patch, Duration timeout) throws IOException, InterruptedException;

  /** Sets the container's image back to what it was before {@code patch}. */
  void rollback(Object patch) throws IOException;

  /**
   * Every image written in the watched workloads' specs, each once, in a stable order: what {@code
   * kubernetes.discover} looks through for apps that sit on a changed base.
   */
  List<String> images() throws IOException;

  /**
   * One container of one workload.
   *
   * @param namespace its namespace
   * @param kind Deployment, StatefulSet, DaemonSet, CronJob or Pod
   * @param name the workload's name
   * @param container the container's name
   * @param image the image as written in the spec now
   * @param handle the implementation's own locator
   */
  record Workload(
      String namespace, String kind, String name, String container, String image, Object handle) {
    /** {@code Kind namespace/name[container]}. */
    @Override
    public String toString() {
      return kind + " " + namespace + "/" + name + "[" + container + "]";
    }
  }
}
