package io.drydock.kube;

import java.time.Duration;
import java.util.Objects;

/**
 * How a roll-out ended, as {@link Workloads#follow} saw it.
 *
 * @param workload never null
 * @param outcome never null
 * @param message one line for people, e.g. {@code "2 of 3 updated replicas are available"}; never
 *     null
 * @param waited how long {@link Workloads#follow} waited, never null
 */
public record RolloutStatus(
    WorkloadRef workload, Outcome outcome, String message, Duration waited) {
  public RolloutStatus {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(waited, "waited");
  }

  /** How a roll-out ended. */
  public enum Outcome {
    /** Every replica runs the new template and is available. */
    SUCCEEDED,
    /** The controller reports failure (Deployment: {@code ProgressDeadlineExceeded}). */
    FAILED,
    /** Our own timeout passed before the roll-out finished; it may still finish later. */
    TIMED_OUT,
    /**
     * The workload does not roll out by itself (a paused Deployment, an {@code OnDelete} update
     * strategy), so there is nothing to wait for.
     */
    NOT_FOLLOWABLE
  }

  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  @Override
  public String toString() {
    return workload + ": " + outcome + ": " + message;
  }
}
