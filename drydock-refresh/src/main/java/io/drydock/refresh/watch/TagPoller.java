package io.drydock.refresh.watch;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.registry.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Polls the tags of a {@link WatchedBases} with {@link ManifestHeads} (a manifest {@code HEAD}
 * each) and reports digest changes as {@link BaseUpdate}s ({@link BaseUpdate.Source#POLL}).
 *
 * <p><b>Timing.</b> Each reference is polled every {@link Options#interval()} ± {@link
 * Options#jitter()} (a fraction: 0.1 → ±10 %, drawn per poll), the first time at a random point in
 * the first {@code jitter × interval} so references do not start in step. Time is read from the
 * {@link WatchedBases#clock()}; nothing here sleeps except {@link #pollOnce()} (through its {@link
 * RetryPolicy.Sleeper}) and the scheduled mode's executor, so tests drive the poller with a clock
 * they move and {@link #pollDue()}.
 *
 * <p><b>Per registry host.</b> A {@link PollException} (429, 5xx, unreachable) closes the host for
 * the registry's {@code Retry-After} (capped at {@link Options#maxBackoff()}) or, without one, for
 * an exponential backoff {@code initialBackoff · 2^(failures-1)} (capped, minus up to {@code
 * jitter} of it at random); no request goes to a closed host, and the first success resets the
 * backoff. Any other failure concerns one reference only: it is recorded and retried at its next
 * interval. At most {@link Options#maxConcurrentPerHost()} requests run at once per host.
 *
 * <p>Thread-safe. {@link #pollDue()} and {@link #pollOnce()} must not run concurrently with each
 * other (the scheduled mode runs one at a time).
 */
public final class TagPoller implements AutoCloseable {

  /**
   * How to poll.
   *
   * @param interval time between two polls of one reference, positive
   * @param jitter fraction of {@code interval} (and of computed backoffs) drawn at random, 0..0.5
   * @param initialBackoff first backoff of a failing host without {@code Retry-After}, positive
   * @param maxBackoff longest a host is left alone, also the cap on {@code Retry-After}
   * @param maxConcurrentPerHost requests at once per registry host, at least 1
   * @param onceAttempts rounds {@link #pollOnce()} makes before giving up on host-wide failures
   */
  public record Options(
      Duration interval,
      double jitter,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxConcurrentPerHost,
      int onceAttempts) {
    public Options {
      positive(interval, "interval");
      positive(initialBackoff, "initialBackoff");
      positive(maxBackoff, "maxBackoff");
      if (!(jitter >= 0 && jitter <= 0.5)) {
        throw new IllegalArgumentException("jitter must be within 0..0.5, got " + jitter);
      }
      if (maxConcurrentPerHost < 1) {
        throw new IllegalArgumentException(
            "maxConcurrentPerHost must be at least 1, got " + maxConcurrentPerHost);
      }
      if (onceAttempts < 1) {
        throw new IllegalArgumentException("onceAttempts must be at least 1, got " + onceAttempts);
      }
    }

    /** Every 5 min ±10 %, backoff 10 s doubling to 15 min, 2 requests per host, 4 rounds. */
    public static Options defaults() {
      return new Options(
          Duration.ofMinutes(5), 0.1, Duration.ofSeconds(10), Duration.ofMinutes(15), 2, 4);
    }

    public Options withInterval(Duration d) {
      return new Options(d, jitter, initialBackoff, maxBackoff, maxConcurrentPerHost, onceAttempts);
    }

    public Options withJitter(double j) {
      return new Options(
          interval, j, initialBackoff, maxBackoff, maxConcurrentPerHost, onceAttempts);
    }

    public Options withBackoff(Duration initial, Duration max) {
      return new Options(interval, jitter, initial, max, maxConcurrentPerHost, onceAttempts);
    }

    public Options withMaxConcurrentPerHost(int n) {
      return new Options(interval, jitter, initialBackoff, maxBackoff, n, onceAttempts);
    }

    public Options withOnceAttempts(int n) {
      return new Options(interval, jitter, initialBackoff, maxBackoff, maxConcurrentPerHost, n);
    }

    private static void positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
    }
  }

  /**
   * The outcome of a poll round.
   *
   * @param updates digest changes, in reference order
   * @param failures reference → one-line reason, for references that could not be checked
   * @param polled how many references were checked successfully
   */
  public record PollReport(List<BaseUpdate> updates, Map<ImageRef, String> failures, int polled) {
    public PollReport {
      updates = List.copyOf(updates);
      failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }
  }

  /** Receives what the scheduled mode finds; called on the scheduler's thread. */
  public interface Listener {
    void onUpdate(BaseUpdate update);

    /** A reference could not be checked this time; default: ignore. */
    default void onFailure(ImageRef reference, String reason) {}
  }

  private static final class HostState {
    int failures;
    Instant closedUntil = Instant.MIN;
  }

  private final WatchedBases bases;
  private final ManifestHeads heads;
  private final Options options;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Executor lanes;
  private final Map<ImageRef, Instant> due = new ConcurrentHashMap<>();
  private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
  private final Object scheduleLock = new Object();
  private ScheduledFuture<?> scheduled;
  private boolean closed;

  /**
   * A poller that runs requests on the calling thread (one at a time).
   *
   * @param random uniform values in [0, 1) for the jitter
   */
  public TagPoller(
      WatchedBases bases, ManifestHeads heads, Options options, DoubleSupplier random) {
    this(bases, heads, options, random, Runnable::run);
  }

  /**
   * @param lanes runs the per-host request lanes of one round (at most {@code maxConcurrentPerHost}
   *     per host); must not be the executor of the scheduled mode's thread when that has a single
   *     thread. {@code Runnable::run} polls sequentially.
   */
  public TagPoller(
      WatchedBases bases,
      ManifestHeads heads,
      Options options,
      DoubleSupplier random,
      Executor lanes) {
    this.bases = Objects.requireNonNull(bases, "bases");
    this.heads = Objects.requireNonNull(heads, "heads");
    this.options = Objects.requireNonNull(options, "options");
    this.random = Objects.requireNonNull(random, "random");
    this.lanes = Objects.requireNonNull(lanes, "lanes");
    this.clock = bases.clock();
    Instant now = clock.instant();
    for (ImageRef r : bases.references()) {
      due.put(r, now.plus(scale(options.interval(), options.jitter() * random.getAsDouble())));
    }
  }

  /** A poller with {@link ThreadLocalRandom} jitter and sequential requests. */
  public static TagPoller create(WatchedBases bases, ManifestHeads heads, Options options) {
    return new TagPoller(bases, heads, options, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Polls the references that are due and whose host is open, now; returns what changed and what
   * failed. References on a closed host stay due.
   */
  public PollReport pollDue() {
    Instant now = clock.instant();
    List<ImageRef> todo = new ArrayList<>();
    for (ImageRef r : bases.references()) {
      if (!due.get(r).isAfter(now)) {
        todo.add(r);
      }
    }
    Round round = run(todo);
    return round.report();
  }

  /**
   * Checks every reference once, for {@code --once}/cron runs: waits (with {@code sleeper}) for
   * closed hosts to open, up to {@link Options#onceAttempts()} rounds; references still failing
   * host-wide after that are reported as failures.
   *
   * @throws InterruptedIOException when the sleeper is interrupted
   */
  public PollReport pollOnce(RetryPolicy.Sleeper sleeper) throws InterruptedIOException {
    List<BaseUpdate> updates = new ArrayList<>();
    Map<ImageRef, String> failures = new LinkedHashMap<>();
    int polled = 0;
    List<ImageRef> pending = new ArrayList<>(bases.references());
    for (int attempt = 1; attempt <= options.onceAttempts() && !pending.isEmpty(); attempt++) {
      if (attempt > 1) {
        Instant open = Instant.MAX;
        for (ImageRef r : pending) {
          Instant until = host(r).closedUntil;
          open = until.isBefore(open) ? until : open;
        }
        Duration wait = Duration.between(clock.instant(), open);
        if (!wait.isNegative() && !wait.isZero()) {
          try {
            sleeper.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a registry to reopen");
          }
        }
      }
      Round round = run(pending);
      updates.addAll(round.updates);
      polled += round.polled;
      failures.keySet().removeAll(round.checked);
      failures.putAll(round.failures);
      pending = new ArrayList<>(round.retry);
    }
    for (ImageRef r : pending) {
      failures.putIfAbsent(
          r,
          "registry "
              + r.registry()
              + " still refusing after "
              + options.onceAttempts()
              + " rounds");
    }
    updates.sort(java.util.Comparator.comparingInt(u -> bases.references().indexOf(u.reference())));
    return new PollReport(updates, failures, polled);
  }

  /** {@link #pollOnce(RetryPolicy.Sleeper)} sleeping for real. */
  public PollReport pollOnce() throws InterruptedIOException {
    return pollOnce(RetryPolicy.Sleeper.REAL);
  }

  /**
   * The earliest instant anything can be polled: a reference's due time, or its host's reopening
   * when later.
   */
  public Instant nextWakeup() {
    Instant next = Instant.MAX;
    for (ImageRef r : bases.references()) {
      Instant d = due.get(r);
      Instant open = host(r).closedUntil;
      Instant t = open.isAfter(d) ? open : d;
      next = t.isBefore(next) ? t : next;
    }
    return next;
  }

  /** Until when {@code registry} is left alone, if it is now. */
  public Optional<Instant> closedUntil(String registry) {
    HostState h = hosts.get(registry);
    if (h == null) {
      return Optional.empty();
    }
    synchronized (h) {
      return h.closedUntil.isAfter(clock.instant()) ? Optional.of(h.closedUntil) : Optional.empty();
    }
  }

  /** When {@code reference} is due next. */
  public Instant dueAt(ImageRef reference) {
    Instant d = due.get(WatchedBases.key(reference));
    if (d == null) {
      throw new IllegalArgumentException("\"" + reference + "\" is not watched");
    }
    return d;
  }

  /**
   * Starts polling on {@code scheduler}: each tick runs {@link #pollDue()}, hands the results to
   * {@code listener}, and schedules the next tick at {@link #nextWakeup()} (at least 1 s, at most
   * one interval later). Stop with {@link #close()}.
   *
   * @throws IllegalStateException when already started or closed
   */
  public void start(ScheduledExecutorService scheduler, Listener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (scheduleLock) {
      if (closed || scheduled != null) {
        throw new IllegalStateException("poller already started or closed");
      }
      scheduled = scheduler.schedule(() -> tick(scheduler, listener), 0, TimeUnit.MILLISECONDS);
    }
  }

  private void tick(ScheduledExecutorService scheduler, Listener listener) {
    try {
      PollReport r = pollDue();
      r.updates().forEach(listener::onUpdate);
      r.failures().forEach(listener::onFailure);
    } catch (RuntimeException e) {
      listener.onFailure(bases.references().get(0), "poller tick failed: " + e);
    } finally {
      synchronized (scheduleLock) {
        if (!closed) {
          Duration wait = Duration.between(clock.instant(), nextWakeup());
          if (wait.compareTo(Duration.ofSeconds(1)) < 0) {
            wait = Duration.ofSeconds(1);
          }
          if (wait.compareTo(options.interval()) > 0) {
            wait = options.interval();
          }
          scheduled =
              scheduler.schedule(
                  () -> tick(scheduler, listener), wait.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  /** Stops the scheduled mode (a running tick finishes). Idempotent. */
  @Override
  public void close() {
    synchronized (scheduleLock) {
      closed = true;
      if (scheduled != null) {
        scheduled.cancel(false);
      }
    }
  }

  // ---------------------------------------------------------------- one round

  private final class Round {
    final List<BaseUpdate> updates = Collections.synchronizedList(new ArrayList<>());
    final Map<ImageRef, String> failures = new ConcurrentHashMap<>();
    final List<ImageRef> retry = Collections.synchronizedList(new ArrayList<>());
    final List<ImageRef> checked = Collections.synchronizedList(new ArrayList<>());
    int polled;

    PollReport report() {
      Map<ImageRef, String> ordered = new LinkedHashMap<>();
      List<BaseUpdate> sorted = new ArrayList<>(updates);
      List<ImageRef> refs = bases.references();
      sorted.sort(java.util.Comparator.comparingInt(u -> refs.indexOf(u.reference())));
      for (ImageRef r : refs) {
        if (failures.containsKey(r)) {
          ordered.put(r, failures.get(r));
        }
      }
      return new PollReport(sorted, ordered, polled);
    }
  }

  private Round run(List<ImageRef> refs) {
    Round round = new Round();
    Map<String, List<ImageRef>> byHost = new LinkedHashMap<>();
    for (ImageRef r : refs) {
      byHost.computeIfAbsent(r.registry(), h -> new ArrayList<>()).add(r);
    }
    List<CompletableFuture<Void>> running = new ArrayList<>();
    for (List<ImageRef> hostRefs : byHost.values()) {
      int n = Math.min(options.maxConcurrentPerHost(), hostRefs.size());
      for (int lane = 0; lane < n; lane++) {
        List<ImageRef> mine = new ArrayList<>();
        for (int i = lane; i < hostRefs.size(); i += n) {
          mine.add(hostRefs.get(i));
        }
        running.add(CompletableFuture.runAsync(() -> lane(mine, round), lanes));
      }
    }
    CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    return round;
  }

  private void lane(List<ImageRef> refs, Round round) {
    for (ImageRef r : refs) {
      HostState h = host(r);
      synchronized (h) {
        if (h.closedUntil.isAfter(clock.instant())) {
          round.retry.add(r);
          continue;
        }
      }
      Digest d;
      try {
        d = heads.digest(r);
      } catch (PollException e) {
        close(h, e);
        round.retry.add(r);
        round.failures.put(r, oneLine(e));
        continue;
      } catch (IOException | RuntimeException e) {
        round.checked.add(r);
        round.failures.put(r, oneLine(e));
        due.put(r, nextDue());
        continue;
      }
      synchronized (h) {
        h.failures = 0;
      }
      due.put(r, nextDue());
      round.checked.add(r);
      synchronized (round) {
        round.polled++;
      }
      bases.observe(r, d).ifPresent(round.updates::add);
    }
  }

  private void close(HostState h, PollException e) {
    Instant now = clock.instant();
    synchronized (h) {
      h.failures++;
      Duration wait =
          e.retryAfter()
              .filter(d -> !d.isZero() && !d.isNegative())
              .map(d -> d.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : d)
              .orElseGet(() -> backoff(h.failures));
      Instant until = now.plus(wait);
      if (until.isAfter(h.closedUntil)) {
        h.closedUntil = until;
      }
    }
  }

  /** {@code initialBackoff · 2^(failures-1)}, capped, less up to {@code jitter} of it. */
  Duration backoff(int failures) {
    long base = options.initialBackoff().toMillis();
    long max = options.maxBackoff().toMillis();
    int shift = Math.min(30, Math.max(0, failures - 1));
    long d = base > (max >> shift) ? max : Math.min(max, base << shift);
    long less = (long) (d * options.jitter() * random.getAsDouble());
    return Duration.ofMillis(d - less);
  }

  private Instant nextDue() {
    double u = random.getAsDouble() * 2 - 1;
    return clock.instant().plus(scale(options.interval(), 1 + options.jitter() * u));
  }

  private HostState host(ImageRef r) {
    return hosts.computeIfAbsent(r.registry(), k -> new HostState());
  }

  private static Duration scale(Duration d, double factor) {
    return Duration.ofMillis(Math.round(d.toMillis() * factor));
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
