package io.drydock.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@link Workloads} over a fabric8 {@link KubernetesClient}. Thread-safe (the client is). Lists
 * whole collections (no paging) and follows roll-outs by polling {@code get} with backoff, so the
 * RBAC it needs is {@code get}, {@code list} and {@code patch} (see {@code package-info}).
 */
public final class Fabric8Workloads implements Workloads, AutoCloseable {
  /** Annotation on a patched workload: the image it ran before. */
  public static final String REFRESHED_FROM = "drydock.io/refreshed-from";

  /** Annotation on a patched workload: when, ISO-8601 UTC. */
  public static final String REFRESHED_AT = "drydock.io/refreshed-at";

  /** Annotation on a rolled-back workload: the image rolled back from. */
  public static final String ROLLED_BACK_FROM = "drydock.io/rolled-back-from";

  /** Annotation on a rolled-back workload: when, ISO-8601 UTC. */
  public static final String ROLLED_BACK_AT = "drydock.io/rolled-back-at";

  static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofSeconds(600);
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final List<String> namespaces;
  private final Clock clock;
  private final Duration firstPoll;
  private final Duration maxPoll;

  /**
   * @param client used for every call; not closed by {@link #close()}
   * @param namespaces the namespaces to search; empty for all (needs a ClusterRole)
   * @param clock for the {@code *-at} annotations
   * @param firstPoll the first wait between two reads while following a roll-out; each next wait is
   *     1.5 times longer, up to {@code maxPoll}
   */
  public Fabric8Workloads(
      KubernetesClient client,
      List<String> namespaces,
      Clock clock,
      Duration firstPoll,
      Duration maxPoll) {
    this(client, false, namespaces, clock, firstPoll, maxPoll);
  }

  /** Polls from 500 ms up to 5 s, with the system clock. */
  public Fabric8Workloads(KubernetesClient client, List<String> namespaces) {
    this(client, namespaces, Clock.systemUTC(), Duration.ofMillis(500), Duration.ofSeconds(5));
  }

  private Fabric8Workloads(
      KubernetesClient client,
      boolean ownsClient,
      List<String> namespaces,
      Clock clock,
      Duration firstPoll,
      Duration maxPoll) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.namespaces = List.copyOf(namespaces);
    this.clock = Objects.requireNonNull(clock, "clock");
    if (firstPoll.isNegative() || firstPoll.isZero() || maxPoll.compareTo(firstPoll) < 0) {
      throw new IllegalArgumentException(
          "poll intervals must be positive and firstPoll <= maxPoll, got "
              + firstPoll
              + " and "
              + maxPoll);
    }
    this.firstPoll = firstPoll;
    this.maxPoll = maxPoll;
  }

  /**
   * Connects the way kubectl does (in-cluster service account, else {@code KUBECONFIG} / {@code
   * ~/.kube/config}) over the JDK HTTP client. {@link #close()} closes that client.
   */
  public static Fabric8Workloads connect(List<String> namespaces) {
    KubernetesClient client =
        new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build();
    return new Fabric8Workloads(
        client, true, namespaces, Clock.systemUTC(), Duration.ofMillis(500), Duration.ofSeconds(5));
  }

  /**
   * Connects with the cluster, user and namespace of a kubeconfig file's current context.
   *
   * @throws KubeException the file cannot be read or is not a kubeconfig
   */
  public static Fabric8Workloads connect(java.nio.file.Path kubeconfig, List<String> namespaces)
      throws KubeException {
    io.fabric8.kubernetes.client.Config config;
    try {
      config =
          io.fabric8.kubernetes.client.Config.fromKubeconfig(
              java.nio.file.Files.readString(kubeconfig));
    } catch (java.io.IOException | RuntimeException e) {
      throw new KubeException(
          null,
          KubeException.Reason.INVALID,
          0,
          kubeconfig + ": not a readable kubeconfig: " + e.getMessage(),
          null);
    }
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientFactory(new JdkHttpClientFactory())
            .build();
    return new Fabric8Workloads(
        client, true, namespaces, Clock.systemUTC(), Duration.ofMillis(500), Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  // ---------------------------------------------------------------- finding

  @Override
  public List<WorkloadContainer> using(Predicate<String> imageMatches) throws KubeException {
    Objects.requireNonNull(imageMatches, "imageMatches");
    List<Pod> pods =
        list(
            WorkloadKind.POD,
            ns -> client.pods().inNamespace(ns).list(),
            () -> client.pods().inAnyNamespace().list());
    Map<String, List<Pod>> podsByNamespace = new LinkedHashMap<>();
    for (Pod p : pods) {
      podsByNamespace
          .computeIfAbsent(p.getMetadata().getNamespace(), k -> new ArrayList<>())
          .add(p);
    }
    List<WorkloadContainer> found = new ArrayList<>();
    for (Deployment d :
        list(
            WorkloadKind.DEPLOYMENT,
            ns -> client.apps().deployments().inNamespace(ns).list(),
            () -> client.apps().deployments().inAnyNamespace().list())) {
      collect(
          found,
          WorkloadKind.DEPLOYMENT,
          d,
          d.getSpec().getTemplate().getSpec(),
          selected(podsByNamespace, d, d.getSpec().getSelector()),
          imageMatches);
    }
    for (StatefulSet s :
        list(
            WorkloadKind.STATEFUL_SET,
            ns -> client.apps().statefulSets().inNamespace(ns).list(),
            () -> client.apps().statefulSets().inAnyNamespace().list())) {
      collect(
          found,
          WorkloadKind.STATEFUL_SET,
          s,
          s.getSpec().getTemplate().getSpec(),
          selected(podsByNamespace, s, s.getSpec().getSelector()),
          imageMatches);
    }
    for (DaemonSet d :
        list(
            WorkloadKind.DAEMON_SET,
            ns -> client.apps().daemonSets().inNamespace(ns).list(),
            () -> client.apps().daemonSets().inAnyNamespace().list())) {
      collect(
          found,
          WorkloadKind.DAEMON_SET,
          d,
          d.getSpec().getTemplate().getSpec(),
          selected(podsByNamespace, d, d.getSpec().getSelector()),
          imageMatches);
    }
    for (CronJob c :
        list(
            WorkloadKind.CRON_JOB,
            ns -> client.batch().v1().cronjobs().inNamespace(ns).list(),
            () -> client.batch().v1().cronjobs().inAnyNamespace().list())) {
      collect(
          found,
          WorkloadKind.CRON_JOB,
          c,
          c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec(),
          List.of(),
          imageMatches);
    }
    for (Pod p : pods) {
      if (!ownedByController(p)) {
        collect(found, WorkloadKind.POD, p, p.getSpec(), List.of(p), imageMatches);
      }
    }
    found.sort(
        Comparator.comparing((WorkloadContainer w) -> w.workload().namespace())
            .thenComparing(w -> w.workload().kind())
            .thenComparing(w -> w.workload().name())
            .thenComparing(WorkloadContainer::list)
            .thenComparingInt(WorkloadContainer::index));
    return List.copyOf(found);
  }

  private static void collect(
      List<WorkloadContainer> found,
      WorkloadKind kind,
      HasMetadata object,
      PodSpec spec,
      List<Pod> pods,
      Predicate<String> imageMatches) {
    if (spec == null) {
      return;
    }
    WorkloadRef ref = ref(kind, object);
    for (ContainerList list : ContainerList.values()) {
      List<Container> containers = containers(spec, list);
      for (int i = 0; i < containers.size(); i++) {
        Container c = containers.get(i);
        if (c.getImage() == null || !imageMatches.test(c.getImage())) {
          continue;
        }
        List<RunningImage> running = new ArrayList<>();
        for (Pod p : pods) {
          for (ContainerStatus cs : statuses(p, list)) {
            if (c.getName().equals(cs.getName()) && cs.getImageID() != null) {
              running.add(RunningImage.of(p.getMetadata().getName(), cs.getImageID()));
            }
          }
        }
        found.add(
            new WorkloadContainer(
                ref, c.getName(), list, i, c.getImage(), pointer(kind, list, i), running));
      }
    }
  }

  static String pointer(WorkloadKind kind, ContainerList list, int index) {
    return kind.podSpecPointer() + "/" + list.field() + "/" + index + "/image";
  }

  private static List<Container> containers(PodSpec spec, ContainerList list) {
    List<Container> c =
        list == ContainerList.CONTAINERS ? spec.getContainers() : spec.getInitContainers();
    return c == null ? List.of() : c;
  }

  private static List<ContainerStatus> statuses(Pod p, ContainerList list) {
    if (p.getStatus() == null) {
      return List.of();
    }
    List<ContainerStatus> s =
        list == ContainerList.CONTAINERS
            ? p.getStatus().getContainerStatuses()
            : p.getStatus().getInitContainerStatuses();
    return s == null ? List.of() : s;
  }

  private static boolean ownedByController(Pod p) {
    List<OwnerReference> owners = p.getMetadata().getOwnerReferences();
    return owners != null && owners.stream().anyMatch(o -> Boolean.TRUE.equals(o.getController()));
  }

  private static List<Pod> selected(
      Map<String, List<Pod>> podsByNamespace, HasMetadata owner, LabelSelector selector) {
    if (selector == null) {
      return List.of(); // an empty selector would select everything; the API refuses it anyway
    }
    return podsByNamespace.getOrDefault(owner.getMetadata().getNamespace(), List.of()).stream()
        .filter(p -> matches(selector, p.getMetadata().getLabels()))
        .toList();
  }

  /** Label selector semantics of the API server (matchLabels AND every matchExpression). */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!Objects.equals(l.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String v = l.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> v != null && values.contains(v);
              case "NotIn" -> v == null || !values.contains(v);
              case "Exists" -> l.containsKey(r.getKey());
              case "DoesNotExist" -> !l.containsKey(r.getKey());
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> list(
      WorkloadKind kind, Function<String, L> inNamespace, Supplier<L> anyNamespace)
      throws KubeException {
    if (namespaces.isEmpty()) {
      try {
        return anyNamespace.get().getItems();
      } catch (KubernetesClientException e) {
        throw failure(null, "list", kind, null, e, false);
      }
    }
    List<T> all = new ArrayList<>();
    for (String ns : namespaces) {
      try {
        all.addAll(inNamespace.apply(ns).getItems());
      } catch (KubernetesClientException e) {
        throw failure(null, "list", kind, ns, e, false);
      }
    }
    return all;
  }

  // ---------------------------------------------------------------- patching

  @Override
  public ImagePatch setImage(WorkloadContainer target, String newImage) throws KubeException {
    return change(target, newImage, REFRESHED_FROM, REFRESHED_AT);
  }

  @Override
  public ImagePatch rollBack(ImagePatch patch) throws KubeException {
    WorkloadContainer t = patch.target();
    WorkloadContainer now =
        new WorkloadContainer(
            t.workload(),
            t.container(),
            t.list(),
            t.index(),
            patch.newImage(),
            t.pointer(),
            List.of());
    return change(now, patch.oldImage(), ROLLED_BACK_FROM, ROLLED_BACK_AT);
  }

  private ImagePatch change(WorkloadContainer target, String newImage, String fromKey, String atKey)
      throws KubeException {
    Objects.requireNonNull(newImage, "newImage");
    ImageName.parse(newImage); // refuse an empty reference before talking to the server
    WorkloadRef ref = target.workload();
    HasMetadata current = get(ref);
    Container c = containerAt(current, target);
    if (c == null || !target.container().equals(c.getName())) {
      throw new KubeException(
          ref,
          KubeException.Reason.CONFLICT,
          0,
          ref
              + ": container "
              + target.container()
              + " is no longer at "
              + target.pointer()
              + " (changed concurrently); not patched",
          null);
    }
    if (!target.image().equals(c.getImage())) {
      throw new KubeException(
          ref,
          KubeException.Reason.CONFLICT,
          0,
          ref
              + ": container "
              + target.container()
              + " now runs '"
              + c.getImage()
              + "', not '"
              + target.image()
              + "' as read (changed concurrently); not patched",
          null);
    }
    boolean hasAnnotations = current.getMetadata().getAnnotations() != null;
    return patchImage(target, newImage, hasAnnotations, fromKey, atKey);
  }

  /**
   * Sends the guarded JSON patch. Package-private so tests can send it with a stale {@code target}
   * and see the server refuse it.
   */
  ImagePatch patchImage(
      WorkloadContainer target,
      String newImage,
      boolean hasAnnotations,
      String fromKey,
      String atKey)
      throws KubeException {
    WorkloadRef ref = target.workload();
    Instant at = clock.instant();
    String containerPointer =
        target.pointer().substring(0, target.pointer().length() - "/image".length());
    List<Map<String, Object>> ops = new ArrayList<>();
    ops.add(op("test", containerPointer + "/name", target.container()));
    ops.add(op("test", target.pointer(), target.image()));
    ops.add(op("replace", target.pointer(), newImage));
    if (hasAnnotations) {
      ops.add(op("add", "/metadata/annotations/" + escape(fromKey), target.image()));
      ops.add(op("add", "/metadata/annotations/" + escape(atKey), at.toString()));
    } else {
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(fromKey, target.image());
      annotations.put(atKey, at.toString());
      ops.add(op("add", "/metadata/annotations", annotations));
    }
    String json = client.getKubernetesSerialization().asJson(ops);
    HasMetadata patched;
    try {
      patched = resource(ref).patch(PatchContext.of(PatchType.JSON), json);
    } catch (KubernetesClientException e) {
      throw failure(ref, "patch", ref.kind(), ref.namespace(), e, true);
    }
    Long generation = patched.getMetadata().getGeneration();
    String rv = patched.getMetadata().getResourceVersion();
    return new ImagePatch(
        target,
        target.image(),
        newImage,
        generation == null ? 0 : generation,
        rv == null ? "" : rv,
        at);
  }

  private static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    m.put("value", value);
    return m;
  }

  /** RFC 6901 escaping of one reference token. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static Container containerAt(HasMetadata object, WorkloadContainer target) {
    PodSpec spec = podSpec(object);
    if (spec == null) {
      return null;
    }
    List<Container> list = containers(spec, target.list());
    return target.index() < list.size() ? list.get(target.index()) : null;
  }

  private static PodSpec podSpec(HasMetadata object) {
    if (object instanceof Deployment d) {
      return d.getSpec().getTemplate().getSpec();
    } else if (object instanceof StatefulSet s) {
      return s.getSpec().getTemplate().getSpec();
    } else if (object instanceof DaemonSet d) {
      return d.getSpec().getTemplate().getSpec();
    } else if (object instanceof CronJob c) {
      return c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    } else if (object instanceof Pod p) {
      return p.getSpec();
    }
    return null;
  }

  // ---------------------------------------------------------------- following

  @Override
  public RolloutStatus follow(ImagePatch patch, Duration timeout)
      throws KubeException, InterruptedException {
    WorkloadRef ref = patch.workload();
    long start = System.nanoTime();
    HasMetadata object = getInterruptibly(ref);
    Duration limit = timeout != null ? timeout : defaultTimeout(object);
    long deadline = start + limit.toNanos();
    Duration wait = firstPoll;
    while (true) {
      RolloutRules.Progress p = RolloutRules.evaluate(object, patch.target(), patch.newImage());
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      switch (p.state()) {
        case DONE:
          return new RolloutStatus(ref, RolloutStatus.Outcome.SUCCEEDED, p.message(), waited);
        case FAILED:
          return new RolloutStatus(ref, RolloutStatus.Outcome.FAILED, p.message(), waited);
        case NOT_FOLLOWABLE:
          return new RolloutStatus(ref, RolloutStatus.Outcome.NOT_FOLLOWABLE, p.message(), waited);
        default:
          break;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new RolloutStatus(
            ref,
            RolloutStatus.Outcome.TIMED_OUT,
            "not done after " + limit + ": " + p.message(),
            waited);
      }
      Thread.sleep(Math.max(1, Math.min(wait.toMillis(), left / 1_000_000)));
      wait = Duration.ofMillis(Math.min(maxPoll.toMillis(), wait.toMillis() * 3 / 2));
      object = getInterruptibly(ref);
    }
  }

  private static Duration defaultTimeout(HasMetadata object) {
    if (object instanceof Deployment d) {
      Integer s = d.getSpec().getProgressDeadlineSeconds();
      return s == null ? DEFAULT_PROGRESS_DEADLINE : Duration.ofSeconds(s);
    }
    return DEFAULT_TIMEOUT;
  }

  private HasMetadata getInterruptibly(WorkloadRef ref) throws KubeException, InterruptedException {
    try {
      return get(ref);
    } catch (KubeException e) {
      if (Thread.interrupted()) {
        throw new InterruptedException(ref + ": interrupted while reading");
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------- plumbing

  private HasMetadata get(WorkloadRef ref) throws KubeException {
    HasMetadata object;
    try {
      object = resource(ref).get();
    } catch (KubernetesClientException e) {
      throw failure(ref, "get", ref.kind(), ref.namespace(), e, false);
    }
    if (object == null) {
      throw new KubeException(
          ref, KubeException.Reason.NOT_FOUND, 404, ref + ": not found (deleted?)", null);
    }
    return object;
  }

  private Resource<? extends HasMetadata> resource(WorkloadRef ref) {
    String ns = ref.namespace();
    String n = ref.name();
    return switch (ref.kind()) {
      case DEPLOYMENT -> client.apps().deployments().inNamespace(ns).withName(n);
      case STATEFUL_SET -> client.apps().statefulSets().inNamespace(ns).withName(n);
      case DAEMON_SET -> client.apps().daemonSets().inNamespace(ns).withName(n);
      case CRON_JOB -> client.batch().v1().cronjobs().inNamespace(ns).withName(n);
      case POD -> client.pods().inNamespace(ns).withName(n);
    };
  }

  private static WorkloadRef ref(WorkloadKind kind, HasMetadata object) {
    return new WorkloadRef(
        kind, object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /**
   * One line naming the workload (or the listing), the verb and the server's answer.
   *
   * @param guardedPatch the request was a JSON patch with {@code test} operations, so a 422 that is
   *     not a validation error means a test failed: the object changed concurrently
   */
  static KubeException failure(
      WorkloadRef ref,
      String verb,
      WorkloadKind kind,
      String namespace,
      KubernetesClientException e,
      boolean guardedPatch) {
    String where = namespace == null ? "in any namespace" : "in namespace " + namespace;
    String prefix = ref != null ? ref + ": " : "listing " + kind.resource() + " " + where + ": ";
    int code = Math.max(0, e.getCode());
    String server =
        e.getStatus() != null && e.getStatus().getMessage() != null
            ? RolloutRules.oneLine(e.getStatus().getMessage())
            : firstLine(e.getMessage());
    String statusReason = e.getStatus() == null ? null : e.getStatus().getReason();
    KubeException.Reason reason;
    String what;
    switch (code) {
      case 401 -> {
        reason = KubeException.Reason.FORBIDDEN;
        what = "the API server refused the credentials (401 Unauthorized)";
      }
      case 403 -> {
        reason = KubeException.Reason.FORBIDDEN;
        what =
            "the service account may not "
                + verb
                + " "
                + kind.resource()
                + " "
                + where
                + " (403 Forbidden)";
      }
      case 404 -> {
        reason = KubeException.Reason.NOT_FOUND;
        what = "not found (404): " + server;
      }
      case 409 -> {
        reason = KubeException.Reason.CONFLICT;
        what = "changed concurrently (409 Conflict); not patched: " + server;
      }
      case 422 -> {
        if (guardedPatch && !"Invalid".equals(statusReason)) {
          reason = KubeException.Reason.CONFLICT;
          what = "the image changed since it was read (patch test failed); not patched: " + server;
        } else {
          reason = KubeException.Reason.INVALID;
          what = "refused as invalid (422): " + server;
        }
      }
      case 400 -> {
        reason = KubeException.Reason.INVALID;
        what = "refused as a bad request (400): " + server;
      }
      default -> {
        if (code == 0 || code == 429 || code >= 500) {
          reason = KubeException.Reason.UNAVAILABLE;
          what =
              "the API server did not answer the "
                  + verb
                  + (code == 0 ? "" : " (" + code + ")")
                  + ": "
                  + server;
        } else {
          reason = KubeException.Reason.OTHER;
          what = verb + " failed (" + code + "): " + server;
        }
      }
    }
    // API errors: the answer is in the message, no stack to show. Transport errors keep the cause.
    return new KubeException(ref, reason, code, prefix + what, code == 0 ? e : null);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).trim();
  }
}
