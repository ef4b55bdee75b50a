package io.drydock.kube;

import java.util.Objects;

/**
 * The object a pod is folded into: the end of its chain of controller owner references (Pod →
 * ReplicaSet → Deployment, Pod → Job → CronJob, Pod → StatefulSet, Pod → DaemonSet), or the pod
 * itself when no controller owns it.
 *
 * @param kind the API kind as written in {@code ownerReferences[].kind} ({@code "Deployment"},
 *     {@code "CronJob"}, {@code "Pod"}, or any custom kind); never null
 * @param namespace the pod's namespace; never null
 * @param name the owner's name; never null
 */
public record TopOwner(String kind, String namespace, String name) {
  public TopOwner {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
