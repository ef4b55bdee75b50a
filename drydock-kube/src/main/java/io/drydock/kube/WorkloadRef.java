package io.drydock.kube;

import java.util.Objects;

/**
 * Names one workload object.
 *
 * @param kind never null
 * @param namespace never null or empty
 * @param name never null or empty
 */
public record WorkloadRef(WorkloadKind kind, String namespace, String name) {
  public WorkloadRef {
    Objects.requireNonNull(kind, "kind");
    if (namespace == null || namespace.isEmpty() || name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "workload needs a namespace and a name, got '" + namespace + "/" + name + "'");
    }
  }

  /** {@code "Deployment shop/web"}: the prefix of every message about this workload. */
  @Override
  public String toString() {
    return kind.kind() + " " + namespace + "/" + name;
  }
}
