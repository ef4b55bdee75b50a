package io.drydock.server.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.server.inventory.LineageGraph.App;
import io.drydock.server.inventory.LineageGraph.Base;
import io.drydock.server.inventory.LineageGraph.Graph;
import io.drydock.server.inventory.LineageGraph.WorkloadRef;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The lineage graph over rows inserted directly, on SQLite and embedded PostgreSQL. */
class LineageGraphTest {
  @TempDir Path dir;

  static String d(char c) {
    return "sha256:" + String.valueOf(c).repeat(64);
  }

  static String l(String name) {
    return "sha256:layer-" + name;
  }

  static final String DEBIAN = d('a');
  static final String DEBIAN_COPY = d('b'); // same layers as DEBIAN, seen later
  static final String PYTHON = d('c');
  static final String API = d('d'); // on PYTHON (longest prefix), not on DEBIAN
  static final String WORKER = d('e'); // on DEBIAN
  static final String DECLARED = d('f'); // base from annotation, to a base not stored
  static final String BROKEN = d('1'); // diff_ids not JSON
  static final String LONE = d('2'); // nothing below it
  static final String DEBIAN_V2 = d('9');

  static void image(
      Database db,
      String digest,
      String repo,
      long firstSeen,
      String diffIds,
      String baseName,
      String baseDigest,
      String baseRule) {
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO images (digest, repository, first_seen, last_seen, diff_ids,"
                            + " base_name, base_digest, base_rule) VALUES (:d, :r, :f, :f, :ids,"
                            + " :bn, :bd, :br)")
                    .bind("d", digest)
                    .bind("r", repo)
                    .bind("f", firstSeen)
                    .bind("ids", diffIds)
                    .bind("bn", baseName)
                    .bind("bd", baseDigest)
                    .bind("br", baseRule)
                    .execute());
  }

  static void ref(Database db, String reference, String digest) {
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO image_refs (reference, digest, source, seen_at) VALUES (:r,"
                            + " :d, 'registry', 1)")
                    .bind("r", reference)
                    .bind("d", digest)
                    .execute());
  }

  static void workload(Database db, String ns, String kind, String name, String c, String digest) {
    db.jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO workloads (namespace, kind, name, container, image, digest,"
                            + " pods, seen_at) VALUES (:ns, :k, :n, :c, 'x', :d, 1, 1)")
                    .bind("ns", ns)
                    .bind("k", kind)
                    .bind("n", name)
                    .bind("c", c)
                    .bind("d", digest)
                    .execute());
  }

  static String ids(String... layers) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < layers.length; i++) {
      b.append(i == 0 ? "" : ",").append('"').append(l(layers[i])).append('"');
    }
    return b.append(']').toString();
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void appsHangUnderTheirNearestBaseWithTheirWorkloads(Vendor vendor) throws Exception {
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 4)) {
      String reg = "127.0.0.1:5001/";
      image(db, DEBIAN, reg + "debian", 1, ids("deb"), null, null, null);
      image(db, DEBIAN_COPY, reg + "debian-copy", 2, ids("deb"), null, null, null);
      image(db, PYTHON, reg + "python", 3, ids("deb", "py"), null, null, null);
      image(db, API, reg + "shop/api", 4, ids("deb", "py", "api"), null, null, null);
      image(db, WORKER, reg + "shop/worker", 5, ids("deb", "w1", "w2"), null, null, null);
      // declared: wins over layers (its layers would match DEBIAN)
      image(
          db,
          DECLARED,
          reg + "shop/web",
          6,
          ids("deb", "web"),
          "docker.io/library/debian:bookworm",
          DEBIAN_V2,
          "annotation");
      image(db, BROKEN, reg + "shop/broken", 7, "not json [", null, null, null);
      image(db, LONE, reg + "lone", 8, ids("zzz", "deb"), null, null, null);
      ref(db, reg + "debian:bookworm", DEBIAN);
      ref(db, reg + "debian@" + DEBIAN, DEBIAN);
      ref(db, reg + "shop/api:2.1", API);
      ref(db, reg + "shop/api@" + API, API);
      workload(db, "shop", "Deployment", "api", "app", API);
      workload(db, "shop", "Deployment", "api", "sidecar", API);
      workload(db, "jobs", "CronJob", "nightly", "main", WORKER);
      workload(db, "shop", "Deployment", "web", "app", DECLARED);
      workload(db, "shop", "Pod", "pending", "app", null);

      Graph g = new LineageGraph(db).graph();
      assertThat(g.bases())
          .containsExactly(
              new Base(
                  "127.0.0.1:5001/debian:bookworm",
                  DEBIAN,
                  "layers",
                  List.of(
                      new App(PYTHON, reg + "python", List.of(), "layers", List.of()),
                      new App(
                          WORKER,
                          reg + "shop/worker",
                          List.of(),
                          "layers",
                          List.of(new WorkloadRef("jobs", "CronJob", "nightly", "main"))))),
              new Base(
                  "127.0.0.1:5001/python@" + PYTHON,
                  PYTHON,
                  "layers",
                  List.of(
                      new App(
                          API,
                          reg + "shop/api",
                          List.of(reg + "shop/api:2.1", reg + "shop/api@" + API),
                          "layers",
                          List.of(
                              new WorkloadRef("shop", "Deployment", "api", "app"),
                              new WorkloadRef("shop", "Deployment", "api", "sidecar"))))),
              new Base(
                  "docker.io/library/debian:bookworm",
                  DEBIAN_V2,
                  "annotation",
                  List.of(
                      new App(
                          DECLARED,
                          reg + "shop/web",
                          List.of(),
                          "annotation",
                          List.of(new WorkloadRef("shop", "Deployment", "web", "app"))))));

      // an app's base, and a base by digest
      assertThat(g.baseOf(API).orElseThrow().digest()).isEqualTo(PYTHON);
      assertThat(g.baseOf(PYTHON).orElseThrow().digest()).isEqualTo(DEBIAN);
      assertThat(g.baseOf(DEBIAN)).isEmpty();
      assertThat(g.baseOf(BROKEN)).isEmpty();
      assertThat(g.ancestry(API)).extracting(Base::digest).containsExactly(PYTHON, DEBIAN);
      assertThat(g.ancestry(API).get(1).apps()).extracting(App::digest).containsExactly(PYTHON);
      assertThat(g.ancestry(DEBIAN)).isEmpty();
      assertThat(new LineageGraph(db).base(PYTHON).orElseThrow().apps())
          .extracting(App::digest)
          .containsExactly(API);
      assertThat(new LineageGraph(db).base(LONE)).isEmpty();

      JsonNode json = Responses.MAPPER.readTree(g.toJson().toString());
      JsonNode python = json.get("bases").get(1);
      assertThat(python.get("digest").asString()).isEqualTo(PYTHON);
      assertThat(python.get("rule").asString()).isEqualTo("layers");
      JsonNode api = python.get("apps").get(0);
      assertThat(api.get("references").get(0).asString()).isEqualTo(reg + "shop/api:2.1");
      assertThat(api.get("workloads").get(1).get("container").asString()).isEqualTo("sidecar");
      assertThat(api.get("workloads").get(1).get("kind").asString()).isEqualTo("Deployment");
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void appsLinkedByDifferentRulesMakeAMixedBase(Vendor vendor) throws Exception {
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 4)) {
      image(db, DEBIAN, "r/debian", 1, ids("deb"), null, null, null);
      image(db, WORKER, "r/worker", 2, ids("deb", "w"), null, null, null);
      image(db, API, "r/api", 3, "[]", "r/debian:12", DEBIAN, null);
      // hostile diff_ids: an object, numbers, nested arrays: no layer matching, no failure
      image(db, BROKEN, "r/b1", 4, "{\"a\": 1}", null, null, null);
      image(db, LONE, "r/b2", 5, "[1, 2]", null, null, null);
      image(db, PYTHON, "r/b3", 6, "[[\"" + l("deb") + "\"]]", null, null, null);
      // a cycle written by hand: ancestry stops
      image(db, d('7'), "r/c1", 7, null, "r/c2", d('8'), "flag");
      image(db, d('8'), "r/c2", 8, null, "r/c1", d('7'), "flag");
      Graph cyclic = new LineageGraph(db).graph();
      assertThat(cyclic.ancestry(d('7'))).extracting(Base::digest).containsExactly(d('8'), d('7'));
      db.jdbi().useHandle(h -> h.execute("DELETE FROM images WHERE repository LIKE 'r/c%'"));

      Graph g = new LineageGraph(db).graph();
      assertThat(g.bases()).hasSize(1);
      Base b = g.bases().get(0);
      assertThat(b.name()).isEqualTo("r/debian:12");
      assertThat(b.rule()).isEqualTo(LineageGraph.MIXED);
      assertThat(b.apps())
          .extracting(App::digest, App::rule)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(API, "declared"),
              org.assertj.core.groups.Tuple.tuple(WORKER, "layers"));
    }
  }
}
