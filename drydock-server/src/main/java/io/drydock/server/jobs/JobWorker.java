package io.drydock.server.jobs;

import io.drydock.server.DaemonThreads;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued jobs with a few threads: claim, renew the lease while the handler works, then record
 * the outcome. Idle threads poll with jitter, so replicas do not claim in lockstep.
 */
public final class JobWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

  private final JobQueue queue;
  private final Map<String, JobHandler> handlers;
  private final String owner;
  private final Duration lease;
  private final Duration idlePoll;
  private final ExecutorService threads;
  private final ScheduledExecutorService renewer;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Object idle = new Object();

  /**
   * Starts {@code threads} workers for the job kinds in {@code handlers}.
   *
   * @param lease how long a claim lasts without renewal (renewed every third of it)
   * @param idlePoll how long an idle worker waits before looking again (with ±50% jitter)
   */
  public JobWorker(
      JobQueue queue,
      Map<String, JobHandler> handlers,
      int threads,
      Duration lease,
      Duration idlePoll) {
    this.queue = queue;
    this.handlers = Map.copyOf(handlers);
    this.owner = newReplicaName();
    this.lease = lease;
    this.idlePoll = idlePoll;
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("drydock-job-lease"));
    this.threads =
        Executors.newFixedThreadPool(
            Math.max(1, threads), DaemonThreads.named("drydock-job-worker"));
    for (int i = 0; i < Math.max(1, threads); i++) {
      this.threads.execute(this::loop);
    }
  }

  /** This worker's name in the queue's {@code owner} column: host, pid and a random suffix. */
  public String owner() {
    return owner;
  }

  /** Wakes idle workers now (after a local enqueue) instead of at their next poll. */
  public void wake() {
    synchronized (idle) {
      idle.notifyAll();
    }
  }

  private void loop() {
    List<String> kinds = List.copyOf(handlers.keySet());
    while (running.get()) {
      Optional<Job> claimed;
      try {
        claimed = queue.claim(owner, kinds, lease);
      } catch (RuntimeException e) {
        LOG.warn("job queue: cannot claim: {}", e.getMessage());
        claimed = Optional.empty();
      }
      if (claimed.isPresent()) {
        run(claimed.get());
        continue;
      }
      long base = idlePoll.toMillis();
      long wait = Math.max(10, base / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, base)));
      synchronized (idle) {
        try {
          idle.wait(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void run(Job job) {
    long period = Math.max(1, lease.toMillis() / 3);
    ScheduledFuture<?> renewal =
        renewer.scheduleAtFixedRate(
            () -> {
              try {
                if (!queue.renew(job, owner, lease)) {
                  LOG.warn("job {} {} {}: lease lost", job.id(), job.kind(), job.subject());
                }
              } catch (RuntimeException e) {
                LOG.warn("job {}: cannot renew the lease: {}", job.id(), e.getMessage());
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
    try {
      String result = handlers.get(job.kind()).run(job);
      renewal.cancel(false);
      if (!queue.complete(job, owner, result)) {
        LOG.warn(
            "job {} {} {}: finished after its lease was lost; another worker owns it",
            job.id(),
            job.kind(),
            job.subject());
      }
    } catch (InterruptedException e) {
      renewal.cancel(false);
      Thread.currentThread().interrupt();
      queue.fail(job, owner, "interrupted (server stopping)", Duration.ZERO);
    } catch (Exception e) {
      renewal.cancel(false);
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn(
          "job {} {} {} failed (attempt {}): {}",
          job.id(),
          job.kind(),
          job.subject(),
          job.attempt(),
          msg);
      try {
        queue.fail(job, owner, msg, Duration.ofSeconds(5L * job.attempt()));
      } catch (RuntimeException f) {
        LOG.warn("job {}: cannot record the failure: {}", job.id(), f.getMessage());
      }
    }
  }

  /**
   * A name for this process among the server's replicas: host, pid and a random suffix (a restarted
   * process gets a new one).
   */
  public static String newReplicaName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown";
    }
    return host
        + "/"
        + ManagementFactory.getRuntimeMXBean().getPid()
        + "/"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Stops claiming, lets running jobs finish for up to {@code grace}, then interrupts them. */
  public void close(Duration grace) {
    running.set(false);
    wake();
    threads.shutdown();
    try {
      if (!threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
    renewer.shutdownNow();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
