package io.drydock.cli;

import io.drydock.sbom.engine.SbomEngine;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One status line on stderr that rewrites itself ({@code \r} and erase-to-end-of-line), for long
 * work at a terminal: reading an image's layers, importing advisories. Shown only when stderr is a
 * terminal and {@code --quiet} is not given, so CI logs and redirected output never see it; at most
 * ten updates a second; {@link #close} erases it, so what follows starts on a clean line.
 * Thread-safe.
 */
final class ProgressLine implements AutoCloseable {
  private static final long MIN_INTERVAL_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final LongSupplier nanoTime;
  private long lastShown = Long.MIN_VALUE;
  private boolean visible;

  ProgressLine(PrintWriter err, boolean enabled, LongSupplier nanoTime) {
    this.err = err;
    this.enabled = enabled;
    this.nanoTime = nanoTime;
  }

  /** A progress line on {@code err}, shown only when stderr is a terminal and not {@code quiet}. */
  static ProgressLine forCommand(PrintWriter err, boolean quiet) {
    return new ProgressLine(err, !quiet && stderrIsTerminal(), System::nanoTime);
  }

  /**
   * Whether this process's stderr is a terminal. Java 17 can only ask about stdin and stdout
   * together ({@link System#console()}), which is null when stdout is redirected ({@code drydock
   * scan -f json > out.json}) although stderr is still the terminal; on Linux, where fd 2 leads
   * tells directly. {@code TERM=dumb} (editors' shells) gets no progress line.
   */
  static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  boolean enabled() {
    return enabled;
  }

  /** Shows {@code text} unless the last update was less than 0.1 s ago. */
  void update(String text) {
    show(text, false);
  }

  /** Shows {@code text} now (a stage changed). */
  void updateNow(String text) {
    show(text, true);
  }

  private synchronized void show(String text, boolean force) {
    if (!enabled) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (!force && visible && now - lastShown < MIN_INTERVAL_NANOS) {
      return;
    }
    lastShown = now;
    visible = true;
    err.print("\r" + text + "\u001b[K");
    err.flush();
  }

  /** Erases the line (if one was shown). */
  @Override
  public synchronized void close() {
    if (visible) {
      err.print("\r\u001b[K");
      err.flush();
      visible = false;
    }
  }

  /** {@code bytes} as MB with one decimal. */
  static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  /** The SBOM engine's layer events as this line: layers done of all, and bytes read. */
  SbomEngine.Progress layers(String reference) {
    if (!enabled) {
      return SbomEngine.Progress.NONE;
    }
    return new SbomEngine.Progress() {
      private final long[] read = new long[256];
      private int count;
      private int done;
      private int cached;

      @Override
      public void layerStarted(int index, int n, String diffId) {
        synchronized (this) {
          count = n;
        }
        updateNow(text());
      }

      @Override
      public void layerRead(int index, long bytes) {
        synchronized (this) {
          if (index < read.length) {
            read[index] = bytes;
          }
        }
        update(text());
      }

      @Override
      public void layerDone(int index, boolean fromCache) {
        synchronized (this) {
          done++;
          if (fromCache) {
            cached++;
          }
        }
        updateNow(text());
      }

      private synchronized String text() {
        long total = 0;
        for (long b : read) {
          total += b;
        }
        return "reading "
            + reference
            + ": layers "
            + done
            + "/"
            + count
            + " done"
            + (cached > 0 ? " (" + cached + " cached)" : "")
            + ", "
            + mb(total)
            + " unpacked";
      }
    };
  }
}
