package io.drydock.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the pods of some namespaces (or all) with fabric8 informers and reports each pod folded
 * into its top owner ({@link TopOwner}) with its containers' images ({@link PodContainer}).
 *
 * <p>Owner resolution follows controller owner references through the API: a ReplicaSet or a Job is
 * read (and its answer cached by uid, since an object's owner does not change) to find its own
 * controller (Deployment, CronJob, or a custom controller such as an Argo Rollout, which is then
 * the top owner without being read). Other kinds are top owners as referenced. A pod without a
 * controller, or whose controller is a Node (static pods), is its own top owner. When an owner
 * cannot be read (deleted, forbidden), the pod folds into that owner as referenced and the
 * resolution is retried on the pod's next event.
 *
 * <p>RBAC: {@code get, list, watch} on {@code pods}, {@code get} on {@code replicasets} (apps) and
 * {@code jobs} (batch).
 *
 * <p>Listener calls come from the informers' threads (one per namespace watched); a listener must
 * be thread-safe when several namespaces are watched.
 */
public final class PodWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodWatch.class);
  private static final int MAX_CACHED_OWNERS = 20_000;

  /** Receives what the watch sees. */
  public interface Listener {
    /** A pod was added or changed. */
    void onPod(ObservedPod pod);

    /** A pod is gone. */
    void onPodGone(String namespace, String name);

    /**
     * Every informer finished its initial list: {@code pods} is the whole current state of the
     * watched namespaces, so anything known from before and absent here is gone.
     */
    void onSynced(List<ObservedPod> pods);
  }

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final List<String> namespaces;
  private final Map<String, TopOwner> ownerCache = new ConcurrentHashMap<>();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final List<SharedIndexInformer<Pod>> informers = new ArrayList<>();

  /**
   * @param client used for every call; not closed by {@link #close()}
   * @param namespaces the namespaces to watch; empty for all (needs a ClusterRole)
   */
  public PodWatch(KubernetesClient client, List<String> namespaces) {
    this(client, false, namespaces);
  }

  private PodWatch(KubernetesClient client, boolean ownsClient, List<String> namespaces) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.namespaces = List.copyOf(namespaces);
  }

  /**
   * Connects with a kubeconfig file's current context, or, when {@code kubeconfig} is null, the way
   * kubectl does (in-cluster service account, {@code KUBECONFIG}, {@code ~/.kube/config}), over the
   * JDK HTTP client. {@link #close()} closes that client.
   *
   * @throws KubeException the kubeconfig cannot be read
   */
  public static PodWatch connect(Path kubeconfig, List<String> namespaces) throws KubeException {
    KubernetesClientBuilder b =
        new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory());
    if (kubeconfig != null) {
      try {
        b.withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)));
      } catch (IOException | RuntimeException e) {
        throw new KubeException(
            null,
            KubeException.Reason.INVALID,
            0,
            kubeconfig + ": not a readable kubeconfig: " + e.getMessage(),
            null);
      }
    }
    return new PodWatch(b.build(), true, namespaces);
  }

  /**
   * Starts the informers, waits until each has listed its namespace, then calls {@link
   * Listener#onSynced} once with every pod listed; watch events follow on the informers' threads.
   *
   * @throws KubeException when a namespace cannot be listed within {@code timeout}, naming it
   */
  public synchronized void start(Listener listener, Duration timeout)
      throws KubeException, InterruptedException {
    Objects.requireNonNull(listener, "listener");
    if (!informers.isEmpty()) {
      throw new IllegalStateException("pod watch already started");
    }
    List<String> scopes =
        namespaces.isEmpty() ? java.util.Collections.singletonList(null) : namespaces;
    ResourceEventHandler<Pod> handler =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            deliver(listener, pod);
          }

          @Override
          public void onUpdate(Pod oldPod, Pod newPod) {
            deliver(listener, newPod);
          }

          @Override
          public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            try {
              listener.onPodGone(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            } catch (RuntimeException e) {
              LOG.warn("pod watch: handling the deletion of a pod failed: {}", e.getMessage(), e);
            }
          }
        };
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String ns : scopes) {
      SharedIndexInformer<Pod> inf =
          ns == null
              ? client.pods().inAnyNamespace().runnableInformer(0)
              : client.pods().inNamespace(ns).runnableInformer(0);
      inf.addEventHandler(handler);
      informers.add(inf);
      try {
        inf.start()
            .toCompletableFuture()
            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        close();
        Throwable c = e.getCause();
        String where = ns == null ? "in any namespace" : "in namespace " + ns;
        if (c instanceof KubernetesClientException k) {
          throw Fabric8Workloads.failure(null, "watch", WorkloadKind.POD, ns, k, false);
        }
        throw new KubeException(
            null,
            KubeException.Reason.UNAVAILABLE,
            0,
            "listing pods " + where + ": " + (c == null ? e.getMessage() : c.getMessage()),
            c);
      } catch (TimeoutException e) {
        close();
        throw new KubeException(
            null,
            KubeException.Reason.UNAVAILABLE,
            0,
            "listing pods "
                + (ns == null ? "in any namespace" : "in namespace " + ns)
                + ": no answer within "
                + timeout,
            null);
      }
    }
    List<ObservedPod> all = new ArrayList<>();
    for (SharedIndexInformer<Pod> inf : informers) {
      for (Pod p : inf.getStore().list()) {
        all.add(observe(p));
      }
    }
    listener.onSynced(all);
  }

  private void deliver(Listener listener, Pod pod) {
    try {
      listener.onPod(observe(pod));
    } catch (RuntimeException e) {
      // one bad pod (or a database hiccup) must not stop the informer's thread
      LOG.warn(
          "pod watch: handling pod {}/{} failed: {}",
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          e.getMessage(),
          e);
    }
  }

  /** Reads one pod: its top owner (API reads, cached) and its containers with their statuses. */
  public ObservedPod observe(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    PodSpec spec = pod.getSpec();
    PodStatus status = pod.getStatus();
    List<PodContainer> containers = new ArrayList<>();
    if (spec != null) {
      List<ContainerStatus> cs = status == null ? null : status.getContainerStatuses();
      List<ContainerStatus> is = status == null ? null : status.getInitContainerStatuses();
      List<ContainerStatus> es = status == null ? null : status.getEphemeralContainerStatuses();
      for (Container c : nonNull(spec.getContainers())) {
        containers.add(
            PodContainer.of("containers", c.getName(), c.getImage(), imageId(cs, c.getName())));
      }
      for (Container c : nonNull(spec.getInitContainers())) {
        containers.add(
            PodContainer.of("initContainers", c.getName(), c.getImage(), imageId(is, c.getName())));
      }
      for (EphemeralContainer c : nonNull(spec.getEphemeralContainers())) {
        containers.add(
            PodContainer.of(
                "ephemeralContainers", c.getName(), c.getImage(), imageId(es, c.getName())));
      }
    }
    return new ObservedPod(
        ns,
        name,
        topOwner(pod),
        status == null ? null : status.getPhase(),
        millis(pod.getMetadata().getCreationTimestamp()),
        containers);
  }

  private static <T> List<T> nonNull(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static String imageId(List<ContainerStatus> statuses, String name) {
    if (statuses == null) {
      return null;
    }
    for (ContainerStatus s : statuses) {
      if (Objects.equals(s.getName(), name)) {
        String id = s.getImageID();
        return id == null || id.isBlank() ? null : id;
      }
    }
    return null;
  }

  private static long millis(String timestamp) {
    if (timestamp == null) {
      return 0;
    }
    try {
      return Instant.parse(timestamp).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  /** The top owner of a pod; see the class comment. */
  TopOwner topOwner(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    OwnerReference ref = controller(pod.getMetadata().getOwnerReferences());
    if (ref == null || "Node".equals(ref.getKind())) {
      return new TopOwner("Pod", ns, pod.getMetadata().getName());
    }
    return resolve(ns, ref, 0);
  }

  private static final Set<String> INTERMEDIATE = Set.of("ReplicaSet", "Job");

  private TopOwner resolve(String ns, OwnerReference ref, int depth) {
    TopOwner self = new TopOwner(ref.getKind(), ns, ref.getName());
    if (!INTERMEDIATE.contains(ref.getKind()) || depth > 4) {
      return self;
    }
    String uid = ref.getUid();
    if (uid != null) {
      TopOwner cached = ownerCache.get(uid);
      if (cached != null) {
        return cached;
      }
    }
    HasMetadata owner;
    try {
      owner =
          "ReplicaSet".equals(ref.getKind())
              ? client.apps().replicaSets().inNamespace(ns).withName(ref.getName()).get()
              : client.batch().v1().jobs().inNamespace(ns).withName(ref.getName()).get();
    } catch (KubernetesClientException e) {
      // warn once per kind and status (a missing RBAC rule would otherwise warn on every event)
      String why = e.getCode() == 0 ? e.getMessage() : "HTTP " + e.getCode();
      if (warned.add(ref.getKind() + " " + e.getCode())) {
        LOG.warn(
            "pod watch: cannot read {} {}/{} to find its owner ({}); counting pods under the {}"
                + " (said once per kind and status)",
            ref.getKind(),
            ns,
            ref.getName(),
            why,
            ref.getKind());
      } else {
        LOG.debug("pod watch: cannot read {} {}/{}: {}", ref.getKind(), ns, ref.getName(), why);
      }
      return self;
    }
    if (owner == null) {
      return self; // not (or no longer) there; retried on the pod's next event
    }
    OwnerReference up = controller(owner.getMetadata().getOwnerReferences());
    TopOwner top = up == null ? self : resolve(ns, up, depth + 1);
    if (uid != null) {
      if (ownerCache.size() >= MAX_CACHED_OWNERS) {
        ownerCache.clear(); // old ReplicaSets accumulate with every roll-out; start over
      }
      ownerCache.put(uid, top);
    }
    return top;
  }

  private static OwnerReference controller(List<OwnerReference> refs) {
    if (refs == null) {
      return null;
    }
    for (OwnerReference r : refs) {
      if (Boolean.TRUE.equals(r.getController())) {
        return r;
      }
    }
    return null;
  }

  @Override
  public synchronized void close() {
    for (SharedIndexInformer<Pod> inf : informers) {
      try {
        inf.stop();
      } catch (RuntimeException e) {
        LOG.debug("pod watch: stopping an informer: {}", e.getMessage());
      }
    }
    informers.clear();
    if (ownsClient) {
      client.close();
    }
  }
}
