package io.drydock.kube;

import java.util.List;
import java.util.Objects;

/**
 * A pod as the inventory watch sees it, already folded into its top owner. Immutable.
 *
 * @param namespace never null
 * @param name never null
 * @param owner the top owner (see {@link TopOwner}); never null
 * @param phase {@code status.phase} ({@code Pending}, {@code Running}, {@code Succeeded}, {@code
 *     Failed}, {@code Unknown}) or null when the pod has no status yet
 * @param createdMillis {@code metadata.creationTimestamp} in epoch millis, 0 when absent
 * @param containers containers, init containers and ephemeral containers, in spec order
 */
public record ObservedPod(
    String namespace,
    String name,
    TopOwner owner,
    String phase,
    long createdMillis,
    List<PodContainer> containers) {
  public ObservedPod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    containers = List.copyOf(containers);
  }

  /** {@code namespace/name}: the pod's key. */
  public String key() {
    return namespace + "/" + name;
  }

  /** Whether the pod still holds its containers: not {@code Succeeded} and not {@code Failed}. */
  public boolean live() {
    return !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  /** Whether the pod's phase is {@code Running}. */
  public boolean running() {
    return "Running".equals(phase);
  }
}
