package io.drydock.kube;

import java.util.List;
import java.util.Objects;

/**
 * One container of one workload, as found by {@link Workloads#using}.
 *
 * @param workload never null
 * @param container the container's name, never null
 * @param list which list of the pod spec the container is in, never null
 * @param index the container's index in that list (0-based)
 * @param image the image reference exactly as written in the spec, never null
 * @param pointer JSON Pointer (RFC 6901) to the image field in the workload object, e.g. {@code
 *     /spec/template/spec/containers/0/image}
 * @param running what the workload's running pods report for this container (for Deployments,
 *     StatefulSets and DaemonSets: the pods matched by the label selector in the same namespace;
 *     for a bare pod: the pod itself; for CronJobs: empty); never null, immutable
 */
public record WorkloadContainer(
    WorkloadRef workload,
    String container,
    ContainerList list,
    int index,
    String image,
    String pointer,
    List<RunningImage> running) {
  public WorkloadContainer {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(list, "list");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(pointer, "pointer");
    running = List.copyOf(running);
  }

  /** The distinct manifest digests the running pods report, in order of first appearance. */
  public List<String> runningDigests() {
    return running.stream().map(RunningImage::digest).filter(Objects::nonNull).distinct().toList();
  }

  @Override
  public String toString() {
    return workload + " container " + container + " (" + image + ")";
  }
}
