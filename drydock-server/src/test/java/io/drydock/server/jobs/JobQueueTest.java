package io.drydock.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobQueueTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void pendingJobsAreUniquePerKindAndSubject(Vendor vendor) throws Exception {
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 4)) {
      JobQueue q = new JobQueue(db, Clock.systemUTC());
      Optional<Long> first = q.enqueue("scan", "sha256:aa", "{}");
      assertThat(first).isPresent();
      assertThat(q.enqueue("scan", "sha256:aa", "{}")).isEmpty();
      assertThat(q.enqueue("scan", "sha256:bb", "{}")).isPresent();
      assertThat(q.enqueue("reevaluate", "sha256:aa", null)).isPresent();
      Job job = q.claim("w1", List.of("scan"), Duration.ofMinutes(1)).orElseThrow();
      assertThat(job.id()).isEqualTo(first.get());
      assertThat(job.attempt()).isEqualTo(1);
      // still running: no second one
      assertThat(q.enqueue("scan", "sha256:aa", "{}")).isEmpty();
      assertThat(q.complete(job, "w1", "ok")).isTrue();
      // done: a new request queues a new job
      assertThat(q.enqueue("scan", "sha256:aa", "{}")).isPresent();
      assertThat(q.find(job.id()).orElseThrow().state()).isEqualTo("done");
      assertThat(q.counts().get("queued"))
          .containsEntry("scan", 2L)
          .containsEntry("reevaluate", 1L);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void anExpiredLeaseIsTakenOverAndOnlyTheNewOwnerCompletes(Vendor vendor) throws Exception {
    MutableClock clock = new MutableClock();
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 4)) {
      JobQueue q = new JobQueue(db, clock);
      long id = q.enqueue("scan", "sha256:cc", null).orElseThrow();
      Job a = q.claim("dead", List.of("scan"), Duration.ofSeconds(30)).orElseThrow();
      assertThat(q.claim("alive", List.of("scan"), Duration.ofSeconds(30))).isEmpty();
      clock.advance(Duration.ofSeconds(31));
      Job b = q.claim("alive", List.of("scan"), Duration.ofSeconds(30)).orElseThrow();
      assertThat(b.id()).isEqualTo(id);
      assertThat(b.attempt()).isEqualTo(2);
      assertThat(q.renew(a, "dead", Duration.ofSeconds(30))).isFalse();
      assertThat(q.complete(a, "dead", "late")).isFalse();
      assertThat(q.complete(b, "alive", "ok")).isTrue();
      var row = q.find(id).orElseThrow();
      assertThat(row.state()).isEqualTo("done");
      assertThat(row.owner()).isEqualTo("alive");
      assertThat(row.result()).isEqualTo("ok");
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void failuresRetryThenFailForGood(Vendor vendor) throws Exception {
    MutableClock clock = new MutableClock();
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 4)) {
      JobQueue q = new JobQueue(db, clock);
      long id = q.enqueue("scan", "sha256:dd", null, 2, Duration.ZERO).orElseThrow();
      Job j1 = q.claim("w", List.of("scan"), Duration.ofSeconds(30)).orElseThrow();
      assertThat(q.fail(j1, "w", "registry down", Duration.ofSeconds(10))).isTrue();
      assertThat(q.claim("w", List.of("scan"), Duration.ofSeconds(30))).as("not due yet").isEmpty();
      clock.advance(Duration.ofSeconds(11));
      Job j2 = q.claim("w", List.of("scan"), Duration.ofSeconds(30)).orElseThrow();
      assertThat(j2.attempt()).isEqualTo(2);
      assertThat(q.fail(j2, "w", "registry still down", Duration.ofSeconds(10))).isTrue();
      clock.advance(Duration.ofSeconds(11));
      assertThat(q.claim("w", List.of("scan"), Duration.ofSeconds(30))).isEmpty();
      var row = q.find(id).orElseThrow();
      assertThat(row.state()).isEqualTo("failed");
      assertThat(row.error()).isEqualTo("registry still down");
      // a worker that died on the last attempt: the reaper fails it
      long id2 = q.enqueue("scan", "sha256:ee", null, 1, Duration.ZERO).orElseThrow();
      q.claim("w", List.of("scan"), Duration.ofSeconds(30)).orElseThrow();
      clock.advance(Duration.ofSeconds(31));
      assertThat(q.claim("w2", List.of("scan"), Duration.ofSeconds(30))).isEmpty();
      assertThat(q.reap()).isEqualTo(1);
      assertThat(q.find(id2).orElseThrow().state()).isEqualTo("failed");
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void concurrentWorkersOnTwoPoolsClaimEveryJobOnce(Vendor vendor) throws Exception {
    String url = TestDatabases.url(vendor, dir);
    try (Database db1 = Database.open(url, null, null, 4);
        Database db2 = Database.open(url, null, null, 4)) {
      JobQueue q1 = new JobQueue(db1, Clock.systemUTC());
      JobQueue q2 = new JobQueue(db2, Clock.systemUTC());
      int n = 300;
      for (int i = 0; i < n; i++) {
        q1.enqueue("scan", "sha256:" + i, null).orElseThrow();
      }
      Set<Long> seen = ConcurrentHashMap.newKeySet();
      List<Long> dupes = java.util.Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        JobQueue q = t % 2 == 0 ? q1 : q2;
        String owner = "w" + t;
        fs.add(
            pool.submit(
                () -> {
                  Optional<Job> j;
                  while ((j = q.claim(owner, List.of("scan"), Duration.ofMinutes(5))).isPresent()) {
                    if (!seen.add(j.get().id())) {
                      dupes.add(j.get().id());
                    }
                    assertThat(q.complete(j.get(), owner, null)).isTrue();
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      assertThat(dupes).isEmpty();
      assertThat(seen).hasSize(n);
      assertThat(q1.counts().get("done")).containsEntry("scan", (long) n);
    }
  }
}
