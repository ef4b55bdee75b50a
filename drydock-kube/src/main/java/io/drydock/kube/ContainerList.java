package io.drydock.kube;

/** Which list of a pod spec a container is in. */
public enum ContainerList {
  CONTAINERS("containers"),
  INIT_CONTAINERS("initContainers");

  private final String field;

  ContainerList(String field) {
    this.field = field;
  }

  /** The pod spec field name ({@code "initContainers"}), as it appears in a JSON Pointer. */
  public String field() {
    return field;
  }
}
