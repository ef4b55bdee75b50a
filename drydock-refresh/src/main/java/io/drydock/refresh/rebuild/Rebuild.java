package io.drydock.refresh.rebuild;

import io.drydock.oci.Digest;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Rebuilds an app through its CI: fires the trigger, then waits for the app's tag to move away from
 * {@link RebuildContext#appDigest()}. Whatever moves the tag ends the wait, so a push that has
 * nothing to do with this trigger is taken as its result; callers that need more certainty check
 * the new image's base (its labels or layers) afterwards. Thread-safe if its parts are.
 */
public final class Rebuild {
  private final TriggerClient triggers;
  private final RebuildWaiter waiter;
  private final Consumer<String> progress;

  /**
   * @param progress receives "Triggered …" lines; may be {@code line -> {}}
   */
  public Rebuild(TriggerClient triggers, RebuildWaiter waiter, Consumer<String> progress) {
    this.triggers = Objects.requireNonNull(triggers, "triggers");
    this.waiter = Objects.requireNonNull(waiter, "waiter");
    this.progress = Objects.requireNonNull(progress, "progress");
  }

  /**
   * Triggers {@code trigger} for {@code ctx} and waits up to {@code timeout} (from after the
   * trigger was accepted) for {@code ctx.app()}'s tag to point at a new digest.
   *
   * @return the new digest of the app's tag
   * @throws RebuildException when the trigger fails (nothing is waited for) or the wait times out
   *     ({@link RebuildTimeoutException})
   * @throws IOException when the registry refuses the credentials while waiting
   * @throws InterruptedException when cancelled
   */
  public Digest rebuild(RebuildTrigger trigger, RebuildContext ctx, Duration timeout)
      throws IOException, InterruptedException {
    TriggerClient.Result r = triggers.fire(trigger, ctx);
    progress.accept(
        "Triggered "
            + trigger.describe()
            + " for "
            + ctx.appTag()
            + " (HTTP "
            + r.status()
            + (r.location() != null ? ", " + r.location() : "")
            + ")");
    return waiter.await(ctx.appTag(), ctx.appDigest(), timeout);
  }
}
