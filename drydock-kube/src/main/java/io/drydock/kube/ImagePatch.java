package io.drydock.kube;

import java.time.Instant;
import java.util.Objects;

/**
 * A container image change that the API server accepted.
 *
 * @param target the container as it was found (its {@code image} is the old value), never null
 * @param oldImage the image replaced, never null
 * @param newImage the image written, never null
 * @param generation {@code metadata.generation} of the object after the patch (0 when the server
 *     does not report one)
 * @param resourceVersion {@code metadata.resourceVersion} after the patch, never null
 * @param at when the change was made (the clock of the patching side), never null
 */
public record ImagePatch(
    WorkloadContainer target,
    String oldImage,
    String newImage,
    long generation,
    String resourceVersion,
    Instant at) {
  public ImagePatch {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(oldImage, "oldImage");
    Objects.requireNonNull(newImage, "newImage");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
    Objects.requireNonNull(at, "at");
  }

  public WorkloadRef workload() {
    return target.workload();
  }

  @Override
  public String toString() {
    return target.workload()
        + " container "
        + target.container()
        + ": "
        + oldImage
        + " -> "
        + newImage
        + " (generation "
        + generation
        + ")";
  }
}
