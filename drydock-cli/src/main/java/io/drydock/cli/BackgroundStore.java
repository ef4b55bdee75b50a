package io.drydock.cli;

import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An advisory store being opened on a thread of its own while the caller does something else (a
 * scan reads the image meanwhile). {@link #get} hands it over; {@link #discard} closes it when the
 * caller fails first, so no store is left open either way.
 */
final class BackgroundStore {
  private static final Logger LOG = LoggerFactory.getLogger("drydock.scan");

  /** Opens a store; may throw like {@link AdvisoryStore#open}. */
  interface Opener {
    AdvisoryStore open() throws IOException;
  }

  private final CompletableFuture<AdvisoryStore> future;
  private final long started = System.nanoTime();

  private BackgroundStore(CompletableFuture<AdvisoryStore> future) {
    this.future = future;
  }

  /** Starts opening on a new daemon thread. */
  static BackgroundStore open(Opener opener) {
    CompletableFuture<AdvisoryStore> f = new CompletableFuture<>();
    BackgroundStore b = new BackgroundStore(f);
    Thread t =
        new Thread(
            () -> {
              try {
                AdvisoryStore s = opener.open();
                LOG.debug(
                    "advisory store opened in {} ms (in the background)",
                    (System.nanoTime() - b.started) / 1_000_000);
                f.complete(s);
              } catch (IOException | RuntimeException | Error e) {
                f.completeExceptionally(e);
              }
            },
            "drydock-store-open");
    t.setDaemon(true);
    t.start();
    return b;
  }

  /** The open store, waiting for it; its opening's failure is rethrown as it was. */
  AdvisoryStore get() throws IOException {
    long waitFrom = System.nanoTime();
    try {
      AdvisoryStore s = future.get();
      LOG.debug("advisory store: waited {} ms for it", (System.nanoTime() - waitFrom) / 1_000_000);
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      discard();
      throw new IOException("interrupted while opening the advisory database", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IOException(c);
    }
  }

  /** Closes the store once it is open (or forgets a failed opening); never throws. */
  void discard() {
    future.whenComplete(
        (s, e) -> {
          if (s != null) {
            try {
              s.close();
            } catch (IOException | RuntimeException ignored) {
              // closing a read-only store that nothing used
            }
          }
        });
  }
}
