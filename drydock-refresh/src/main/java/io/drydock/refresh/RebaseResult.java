package io.drydock.refresh;

import io.drydock.oci.Digest;

/**
 * What {@link Rebaser#execute} did.
 *
 * @param plan the plan it carried out
 * @param upToDate {@code true} when the tag already pointed at the result: nothing was pushed
 * @param mounted blobs linked from another repository of the same registry
 * @param copied blobs uploaded (streamed from their source, or made here like the config)
 * @param existing blobs the destination repository already held
 */
public record RebaseResult(
    RebasePlan plan, boolean upToDate, int mounted, int copied, int existing) {

  /** The rebased image's digest (manifest or index). */
  public Digest digest() {
    return plan.digest();
  }
}
