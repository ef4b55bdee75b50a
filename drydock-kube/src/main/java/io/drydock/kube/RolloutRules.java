package io.drydock.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code kubectl rollout status} rules (kubectl/pkg/polymorphichelpers/rollout_status.go), one
 * read of the object at a time. Pure functions; thread-safe.
 */
final class RolloutRules {
  private RolloutRules() {}

  enum State {
    WAITING,
    DONE,
    FAILED,
    NOT_FOLLOWABLE
  }

  /** One evaluation: where the roll-out stands and a line for people. */
  record Progress(State state, String message) {}

  /** Container waiting reasons that no amount of waiting will fix. */
  private static final Set<String> FATAL_WAITING = Set.of("InvalidImageName", "ErrImageNeverPull");

  static Progress evaluate(HasMetadata object, WorkloadContainer target, String expectedImage) {
    if (object instanceof Deployment d) {
      return deployment(d);
    } else if (object instanceof StatefulSet s) {
      return statefulSet(s);
    } else if (object instanceof DaemonSet d) {
      return daemonSet(d);
    } else if (object instanceof Pod p) {
      return pod(p, target, expectedImage);
    }
    return new Progress(State.DONE, "the next scheduled run uses the new image");
  }

  static Progress deployment(Deployment d) {
    long generation = orZero(d.getMetadata().getGeneration());
    DeploymentStatus st = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      return new Progress(State.NOT_FOLLOWABLE, "the deployment is paused");
    }
    if (generation > orZero(st.getObservedGeneration())) {
      return new Progress(
          State.WAITING,
          "waiting for the controller to observe generation "
              + generation
              + " (observed "
              + orZero(st.getObservedGeneration())
              + ")");
    }
    for (DeploymentCondition c : nonNull(st.getConditions())) {
      if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
        return new Progress(
            State.FAILED,
            "exceeded its progress deadline"
                + (c.getMessage() == null ? "" : ": " + oneLine(c.getMessage())));
      }
    }
    int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int updated = orZero(st.getUpdatedReplicas());
    if (updated < replicas) {
      return new Progress(
          State.WAITING, updated + " of " + replicas + " new replicas have been updated");
    }
    if (orZero(st.getReplicas()) > updated) {
      return new Progress(
          State.WAITING,
          (orZero(st.getReplicas()) - updated) + " old replicas are pending termination");
    }
    if (orZero(st.getAvailableReplicas()) < updated) {
      return new Progress(
          State.WAITING,
          orZero(st.getAvailableReplicas()) + " of " + updated + " updated replicas are available");
    }
    return new Progress(State.DONE, "successfully rolled out (" + updated + " replicas)");
  }

  static Progress statefulSet(StatefulSet s) {
    var strategy = s.getSpec().getUpdateStrategy();
    String type =
        strategy == null || strategy.getType() == null ? "RollingUpdate" : strategy.getType();
    if (!type.equals("RollingUpdate")) {
      return new Progress(
          State.NOT_FOLLOWABLE, "update strategy is '" + type + "': pods change only when deleted");
    }
    long generation = orZero(s.getMetadata().getGeneration());
    StatefulSetStatus st = s.getStatus() == null ? new StatefulSetStatus() : s.getStatus();
    long observed = orZero(st.getObservedGeneration());
    if (observed == 0 || generation > observed) {
      return new Progress(
          State.WAITING,
          "waiting for the controller to observe generation "
              + generation
              + " (observed "
              + observed
              + ")");
    }
    int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    int ready = orZero(st.getReadyReplicas());
    if (ready < replicas) {
      return new Progress(State.WAITING, ready + " of " + replicas + " pods are ready");
    }
    int partition =
        strategy == null || strategy.getRollingUpdate() == null
            ? 0
            : orZero(strategy.getRollingUpdate().getPartition());
    int updated = orZero(st.getUpdatedReplicas());
    if (updated < replicas - partition) {
      return new Progress(
          State.WAITING, updated + " of " + (replicas - partition) + " new pods have been updated");
    }
    if (partition == 0
        && st.getUpdateRevision() != null
        && !st.getUpdateRevision().equals(st.getCurrentRevision())) {
      return new Progress(
          State.WAITING,
          "waiting for the rolling update to complete: "
              + orZero(st.getCurrentReplicas())
              + " pods at revision "
              + st.getCurrentRevision()
              + ", update revision "
              + st.getUpdateRevision());
    }
    return new Progress(
        State.DONE,
        "rolling update complete: "
            + updated
            + " pods"
            + (st.getUpdateRevision() == null ? "" : " at revision " + st.getUpdateRevision()));
  }

  static Progress daemonSet(DaemonSet d) {
    var strategy = d.getSpec().getUpdateStrategy();
    String type =
        strategy == null || strategy.getType() == null ? "RollingUpdate" : strategy.getType();
    if (!type.equals("RollingUpdate")) {
      return new Progress(
          State.NOT_FOLLOWABLE, "update strategy is '" + type + "': pods change only when deleted");
    }
    long generation = orZero(d.getMetadata().getGeneration());
    DaemonSetStatus st = d.getStatus() == null ? new DaemonSetStatus() : d.getStatus();
    if (generation > orZero(st.getObservedGeneration())) {
      return new Progress(
          State.WAITING,
          "waiting for the controller to observe generation "
              + generation
              + " (observed "
              + orZero(st.getObservedGeneration())
              + ")");
    }
    int desired = orZero(st.getDesiredNumberScheduled());
    int updated = orZero(st.getUpdatedNumberScheduled());
    if (updated < desired) {
      return new Progress(
          State.WAITING, updated + " of " + desired + " new pods have been updated");
    }
    if (orZero(st.getNumberAvailable()) < desired) {
      return new Progress(
          State.WAITING,
          orZero(st.getNumberAvailable()) + " of " + desired + " updated pods are available");
    }
    return new Progress(State.DONE, "successfully rolled out (" + desired + " pods)");
  }

  /**
   * A bare pod whose container image was changed in place: the kubelet restarts the container. Init
   * containers of a running pod do not run again.
   */
  static Progress pod(Pod p, WorkloadContainer target, String expectedImage) {
    if (target.list() == ContainerList.INIT_CONTAINERS) {
      return new Progress(
          State.NOT_FOLLOWABLE,
          "init container " + target.container() + " runs again only when the pod is re-created");
    }
    List<ContainerStatus> statuses =
        p.getStatus() == null ? List.of() : nonNull(p.getStatus().getContainerStatuses());
    for (ContainerStatus cs : statuses) {
      if (!target.container().equals(cs.getName())) {
        continue;
      }
      if (cs.getState() != null && cs.getState().getWaiting() != null) {
        String reason = cs.getState().getWaiting().getReason();
        if (reason != null && FATAL_WAITING.contains(reason)) {
          return new Progress(
              State.FAILED, "container " + target.container() + " cannot start: " + reason);
        }
      }
      if (sameImage(cs.getImage(), expectedImage) && Boolean.TRUE.equals(cs.getReady())) {
        return new Progress(State.DONE, "container " + target.container() + " runs the new image");
      }
      String waiting =
          cs.getState() != null && cs.getState().getWaiting() != null
              ? " (" + cs.getState().getWaiting().getReason() + ")"
              : "";
      return new Progress(
          State.WAITING,
          "container " + target.container() + " runs '" + cs.getImage() + "'" + waiting);
    }
    return new Progress(State.WAITING, "container " + target.container() + " reports no status");
  }

  static boolean sameImage(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    try {
      return ImageName.parse(a).toString().equals(ImageName.parse(b).toString());
    } catch (IllegalArgumentException e) {
      return Objects.equals(a, b);
    }
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private static long orZero(Long l) {
    return l == null ? 0 : l;
  }
}
