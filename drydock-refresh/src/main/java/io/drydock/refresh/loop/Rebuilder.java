package io.drydock.refresh.loop;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import java.io.IOException;
import java.time.Duration;

/** Triggers an app's CI to rebuild it on the new base and waits for the new digest. */
public interface Rebuilder {
  /**
   * @param app the app (its {@code rebuild} settings say how to trigger)
   * @param oldAppDigest the app's digest before; the wait ends when {@code app.tag()} moves off it
   * @param oldBase the old base, pinned
   * @param newBase the new base, pinned
   * @return the rebuilt image's digest at {@code app.tag()}
   */
  Digest rebuild(
      RefreshConfig.App app,
      Digest oldAppDigest,
      ImageRef oldBase,
      ImageRef newBase,
      Duration timeout)
      throws IOException, InterruptedException;
}
