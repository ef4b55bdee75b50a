/**
 * The only module that sees a Kubernetes client (fabric8 8, JDK HTTP client): finds the workloads
 * that run an image, patches a container's image with a guarded JSON patch, follows the roll-out
 * with the {@code kubectl rollout status} rules, and rolls back. The rest of Drydock talks to
 * {@link io.drydock.kube.Workloads} and its fabric8-free records; only {@link
 * io.drydock.kube.Fabric8Workloads} touches fabric8.
 *
 * <h2>RBAC</h2>
 *
 * <p>What the service account of the refresh daemon needs (a ClusterRole, or a Role per namespace
 * when {@code namespaces} is configured):
 *
 * <pre>
 * - apiGroups: ["apps"]
 *   resources: ["deployments", "statefulsets", "daemonsets"]
 *   verbs: ["get", "list", "patch"]
 * - apiGroups: ["batch"]
 *   resources: ["cronjobs"]
 *   verbs: ["get", "list", "patch"]
 * - apiGroups: [""]
 *   resources: ["pods"]
 *   verbs: ["get", "list", "patch"]   # patch only to refresh bare pods (not owned by a controller)
 * </pre>
 *
 * <p>No {@code watch}, {@code update}, {@code create} or {@code delete}: roll-outs are followed by
 * polling, and every change is a JSON patch. Finding workloads with {@code namespaces} empty lists
 * across all namespaces, which needs the ClusterRole.
 *
 * <p>The server's inventory ({@link io.drydock.kube.PodWatch}, pod informers) needs, read-only:
 *
 * <pre>
 * - apiGroups: [""]
 *   resources: ["pods"]
 *   verbs: ["get", "list", "watch"]
 * - apiGroups: ["apps"]
 *   resources: ["replicasets"]
 *   verbs: ["get"]
 * - apiGroups: ["batch"]
 *   resources: ["jobs"]
 *   verbs: ["get"]
 * </pre>
 *
 * <h2>Mock server notes</h2>
 *
 * <p>Tests use the fabric8 CRUD mock server. It answers 415 to strategic-merge patches (so this
 * module only sends JSON patches), and it does not answer at all when a JSON patch {@code test}
 * operation fails, where the API server answers 422; the tests' dispatcher answers 422 as the API
 * server does.
 */
package io.drydock.kube;
