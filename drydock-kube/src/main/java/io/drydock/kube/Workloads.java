package io.drydock.kube;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The roll-out side of a refresh: find the workloads that run an image, change a container's image,
 * follow the roll-out, roll back. Implementations are thread-safe; every method blocks on the API
 * server.
 */
public interface Workloads {

  /**
   * Every container (and init container) of every Deployment, StatefulSet, DaemonSet, CronJob and
   * bare pod in the configured namespaces whose image, as written, satisfies {@code imageMatches}.
   * Sorted by namespace, kind, name, then container position.
   *
   * @param imageMatches called with the image as written in the spec; see {@link
   *     ImageName#sameRepository}
   * @throws KubeException when a list call fails (the message names the resource and namespace)
   */
  List<WorkloadContainer> using(Predicate<String> imageMatches) throws KubeException;

  /**
   * Replaces the image of {@code target}'s container with {@code newImage} by a JSON patch that
   * first tests that the image is still {@code target.image()}, so a concurrent change makes the
   * patch fail instead of being overwritten. Also records the change in annotations {@code
   * drydock.io/refreshed-from} (the old image) and {@code drydock.io/refreshed-at} (ISO-8601).
   *
   * @throws KubeException with reason {@link KubeException.Reason#CONFLICT} when the image is no
   *     longer {@code target.image()}; other reasons as the API server answers
   */
  ImagePatch setImage(WorkloadContainer target, String newImage) throws KubeException;

  /**
   * Waits until the roll-out of {@code patch}'s workload finishes or fails, or {@code timeout}
   * passes, polling with backoff. Rules are those of {@code kubectl rollout status}; a CronJob
   * succeeds at once (its next run uses the new image); a bare pod succeeds when the container
   * reports the new image and is ready.
   *
   * @param timeout how long to wait at most; null for the Deployment's {@code
   *     progressDeadlineSeconds} (600 s if unset) or 10 minutes for other kinds
   * @throws InterruptedException when the calling thread is interrupted (the way to cancel)
   * @throws KubeException when the workload cannot be read (deleted, forbidden)
   */
  RolloutStatus follow(ImagePatch patch, Duration timeout)
      throws KubeException, InterruptedException;

  /**
   * Puts the old image back: a JSON patch testing that the image is still {@code patch.newImage()},
   * annotated {@code drydock.io/rolled-back-from} (the new image) and {@code
   * drydock.io/rolled-back-at}.
   *
   * @return the roll-back as a patch of its own (old and new images swapped)
   * @throws KubeException with reason {@link KubeException.Reason#CONFLICT} when someone changed
   *     the image since {@code patch}
   */
  ImagePatch rollBack(ImagePatch patch) throws KubeException;
}
