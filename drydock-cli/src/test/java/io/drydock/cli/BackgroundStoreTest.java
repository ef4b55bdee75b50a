package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.vuln.store.AdvisoryStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store a scan opens while it reads the image: handed over, failures as they were. */
class BackgroundStoreTest {
  @TempDir Path dir;

  @Test
  void theOpenedStoreIsHandedOverAndAnswers() throws Exception {
    Path db = BundledAdvisories.database(dir);
    BackgroundStore b = BackgroundStore.open(() -> AdvisoryStore.open(db));
    try (AdvisoryStore store = b.get()) {
      assertThat(store.lookup("Maven", "org.apache.logging.log4j:log4j-core")).isNotEmpty();
    }
  }

  @Test
  void anOpeningFailureIsRethrownUnchangedOnGet() {
    BackgroundStore b =
        BackgroundStore.open(
            () -> {
              throw new IOException("no advisory database in /x (run: drydock db update)");
            });
    assertThatThrownBy(b::get)
        .isInstanceOf(IOException.class)
        .hasMessage("no advisory database in /x (run: drydock db update)");
    BackgroundStore r =
        BackgroundStore.open(
            () -> {
              throw new IllegalStateException("boom");
            });
    assertThatThrownBy(r::get).isInstanceOf(IllegalStateException.class).hasMessage("boom");
  }

  @Test
  void discardingAfterAFailedReadClosesTheStoreOnceOpen() throws Exception {
    Path db = BundledAdvisories.database(dir);
    AdvisoryStore[] opened = new AdvisoryStore[1];
    BackgroundStore b =
        BackgroundStore.open(
            () -> {
              opened[0] = AdvisoryStore.open(db);
              return opened[0];
            });
    b.discard();
    // closed once the opening completes: lookups then fail (polled; the opener runs on its thread)
    long until = System.nanoTime() + 10_000_000_000L;
    boolean closed = false;
    while (!closed && System.nanoTime() < until) {
      Thread.sleep(10);
      AdvisoryStore s = opened[0];
      if (s != null) {
        try {
          s.lookup("Maven", "org.apache.logging.log4j:log4j-core");
        } catch (Exception e) {
          closed = true;
        }
      }
    }
    assertThat(closed).as("the discarded store was closed").isTrue();
  }
}
