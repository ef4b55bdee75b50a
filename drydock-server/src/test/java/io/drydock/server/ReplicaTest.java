package io.drydock.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.server.jobs.JobQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several server replicas on one PostgreSQL: they share the queue without running a job twice, and
 * a job whose replica was killed ({@code kill -9} of a second JVM) completes once, on another.
 */
class ReplicaTest {
  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();
  private final List<DrydockServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    children.forEach(Process::destroyForcibly);
    servers.forEach(DrydockServer::close);
  }

  static DrydockServer start(String dbUrl, Path dataDir, String name) throws Exception {
    return ReplicaMain.startServer(dbUrl, dataDir, name);
  }

  private Process child(String dbUrl, String name) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ReplicaMain.class.getName(),
                dbUrl,
                dir.resolve(name).toString(),
                name)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    children.add(p);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith("ready ")) {
        // keep draining so the child never blocks on a full pipe
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // discard
                    }
                  } catch (java.io.IOException e) {
                    // child gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return p;
      }
    }
    throw new AssertionError("replica " + name + " did not start:\n" + seen);
  }

  private static Map<String, Long> count(DrydockServer s, String kind, String column) {
    Map<String, Long> out = new java.util.TreeMap<>();
    s.context()
        .db()
        .jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT "
                            + column
                            + " AS k, COUNT(*) AS n FROM events WHERE kind = :kind GROUP BY "
                            + column)
                    .bind("kind", kind)
                    .map((rs, c) -> out.put(rs.getString("k"), rs.getLong("n")))
                    .list());
    return out;
  }

  private static void awaitDone(JobQueue q, int n) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (q.counts().getOrDefault("done", Map.of()).getOrDefault("probe", 0L) < n) {
      assertThat(System.nanoTime()).as("jobs done in time: %s", q.counts()).isLessThan(until);
      Thread.sleep(50);
    }
  }

  /** On PostgreSQL (row locks, SKIP LOCKED) and on one SQLite file shared by two processes. */
  @ParameterizedTest
  @EnumSource(Vendor.class)
  void twoReplicasShareTheQueueWithoutDuplicates(Vendor vendor) throws Exception {
    String url = TestDatabases.url(vendor, dir);
    DrydockServer a = start(url, dir.resolve("a"), "replica-a");
    servers.add(a);
    child(url, "replica-b");
    JobQueue q = a.context().queue();
    int n = 60;
    for (int i = 0; i < n; i++) {
      assertThat(q.enqueue("probe", "job-" + i, "100")).isPresent();
    }
    awaitDone(q, n);
    Map<String, Long> starts = count(a, "probe.start", "digest");
    Map<String, Long> dones = count(a, "probe.done", "digest");
    assertThat(starts).hasSize(n).allSatisfy((job, c) -> assertThat(c).as(job).isEqualTo(1L));
    assertThat(dones).hasSize(n).allSatisfy((job, c) -> assertThat(c).as(job).isEqualTo(1L));
    // both replicas took a share
    Map<String, Long> byReplica = count(a, "probe.done", "detail");
    assertThat(byReplica.keySet()).containsExactlyInAnyOrder("replica-a", "replica-b");
    assertThat(q.counts()).doesNotContainKeys("failed", "queued", "running");
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void aJobWhoseReplicaIsKilledCompletesOnceElsewhere(Vendor vendor) throws Exception {
    String url = TestDatabases.url(vendor, dir);
    Process b = child(url, "replica-b");
    // replica b alone claims the long job
    io.drydock.server.db.Database db = io.drydock.server.db.Database.open(url, null, null, 2);
    try {
      JobQueue q = new JobQueue(db, java.time.Clock.systemUTC());
      long id = q.enqueue("probe", "long-job", "4000").orElseThrow();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // claimed and started: replica b recorded the start (the claim comes a moment before)
      while (db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM events WHERE kind = 'probe.start' AND detail ="
                                  + " 'replica-b'")
                          .mapTo(Long.class)
                          .one())
          == 0) {
        assertThat(System.nanoTime()).as("replica b starts the job").isLessThan(until);
        Thread.sleep(20);
      }
      assertThat(q.find(id).orElseThrow().state()).isEqualTo("running");
      assertThat(q.find(id).orElseThrow().owner()).contains("/");
      // kill -9 mid-job
      b.destroyForcibly();
      assertThat(b.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(b.exitValue()).isEqualTo(137);
      DrydockServer a = start(url, dir.resolve("a"), "replica-a");
      servers.add(a);
      until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!"done".equals(q.find(id).orElseThrow().state())) {
        assertThat(System.nanoTime()).as("the job completes elsewhere").isLessThan(until);
        Thread.sleep(50);
      }
      var row = q.find(id).orElseThrow();
      assertThat(row.attempts()).isEqualTo(2);
      assertThat(row.owner()).isEqualTo(a.workerName());
      assertThat(row.result()).isEqualTo("replica-a");
      assertThat(count(a, "probe.start", "detail"))
          .containsEntry("replica-b", 1L)
          .containsEntry("replica-a", 1L);
      assertThat(count(a, "probe.done", "detail")).containsExactly(Map.entry("replica-a", 1L));
    } finally {
      db.close();
    }
  }

  @Test
  void aServerStopsWithAOneLineErrorWhenTheDatabaseIsUnreachable() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                start(
                    "jdbc:postgresql://127.0.0.1:1/none?user=x&password=secret",
                    dir.resolve("x"),
                    "x"))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("database jdbc:postgresql://127.0.0.1:1/none?user=x&password=***")
        .hasMessageNotContaining("secret");
  }
}
