package io.drydock.refresh.loop;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.refresh.rebuild.Rebuild;
import io.drydock.refresh.rebuild.RebuildContext;
import io.drydock.refresh.rebuild.RebuildTrigger;
import io.drydock.refresh.rebuild.RebuildWaiter;
import io.drydock.refresh.rebuild.TriggerClient;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

/** {@link Rebuilder} that fires the app's configured CI trigger and waits for its tag to move. */
public final class TriggerRebuilder implements Rebuilder {
  private final Rebuild rebuild;

  public TriggerRebuilder(RegistryClient client, Consumer<String> progress) {
    this.rebuild = new Rebuild(TriggerClient.create(), new RebuildWaiter(client), progress);
  }

  @Override
  public Digest rebuild(
      RefreshConfig.App app,
      Digest oldAppDigest,
      ImageRef oldBase,
      ImageRef newBase,
      Duration timeout)
      throws IOException, InterruptedException {
    RebuildTrigger trigger;
    try {
      trigger = RebuildTrigger.fromConfig(app.rebuild());
    } catch (IllegalArgumentException e) {
      throw new IOException(app.image() + ": rebuild: " + e.getMessage(), e);
    }
    ImageRef base = newBase.withDigest(null);
    return rebuild.rebuild(
        trigger,
        new RebuildContext(app.tag(), oldAppDigest, base, oldBase.digest(), newBase.digest()),
        timeout);
  }
}
