package io.drydock.refresh.loop;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** The cluster side of a refresh: who runs an image, and moving them to another. */
public interface Workloads {
  /**
   * The containers running {@code app}'s repository at {@code digest}: written with that digest, or
   * with a tag whose running pods resolved to it.
   */
  List<Workload> running(ImageRef app, Digest digest) throws IOException;

  /** Sets the container's image to {@code image}, only if it is still {@code w.image()}. */
  void patch(Workload w, String image) throws IOException;

  /** Waits until the workload's rollout is complete; {@code false} when it failed or timed out. */
  boolean awaitRollout(Workload w, Duration timeout) throws IOException, InterruptedException;

  /** Sets the container's image back to {@code w.image()} (from {@code current}). */
  void rollback(Workload w, String current) throws IOException;

  /**
   * One container of one workload.
   *
   * @param namespace its namespace
   * @param kind Deployment, StatefulSet, DaemonSet, CronJob or Pod
   * @param name the workload's name
   * @param container the container's name
   * @param image the image as written in the spec now
   * @param handle the implementation's own locator (e.g. the JSON Pointer of the field)
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
