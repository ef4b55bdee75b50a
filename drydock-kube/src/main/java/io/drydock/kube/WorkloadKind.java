package io.drydock.kube;

/** The kinds of workload whose containers this module finds and patches. */
public enum WorkloadKind {
  DEPLOYMENT("Deployment", "deployments", "/spec/template/spec"),
  STATEFUL_SET("StatefulSet", "statefulsets", "/spec/template/spec"),
  DAEMON_SET("DaemonSet", "daemonsets", "/spec/template/spec"),
  CRON_JOB("CronJob", "cronjobs", "/spec/jobTemplate/spec/template/spec"),
  /** A pod not owned by a controller (no owner reference with {@code controller: true}). */
  POD("Pod", "pods", "/spec");

  private final String kind;
  private final String resource;
  private final String podSpecPointer;

  WorkloadKind(String kind, String resource, String podSpecPointer) {
    this.kind = kind;
    this.resource = resource;
    this.podSpecPointer = podSpecPointer;
  }

  /** The API kind, as in {@code kind:} ({@code "Deployment"}). */
  public String kind() {
    return kind;
  }

  /** The plural resource name, as in RBAC rules ({@code "deployments"}). */
  public String resource() {
    return resource;
  }

  /** JSON Pointer to the pod spec inside an object of this kind, without trailing slash. */
  public String podSpecPointer() {
    return podSpecPointer;
  }
}
