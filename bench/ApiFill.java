import io.drydock.server.api.Tokens;
import io.drydock.server.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Random;

/**
 * Fills a server database (SQLite or PostgreSQL, migrated by the server's own Flyway schema) with a
 * fleet the size the API benchmark asks for: IMAGES images with 50–300 findings each (severity
 * CRITICAL 5 %, HIGH 20 %, MEDIUM 40 %, LOW 25 %, UNKNOWN 10 %; 2 % KEV; 60 % with a fix; 10 %
 * resolved), two references per image, 1,500 workload containers in 20 namespaces running 700 of
 * the images, 200 events and 50 refreshes. Deterministic (seed 42). Creates the API token "bench"
 * and prints its secret, then the first image's digest, on stdout.
 *
 * <pre>
 * java -cp drydock-cli/target/drydock.jar bench/ApiFill.java JDBC_URL [IMAGES=1000]
 * </pre>
 */
public class ApiFill {
  static final String[] SEV = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"};
  static final double[] SEV_P = {0.05, 0.25, 0.65, 0.90, 1.0};

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int images = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Random rnd = new Random(42);
    long now = System.currentTimeMillis();
    long t0 = System.nanoTime();
    String first = null;
    long findings = 0;
    try (Database db = Database.open(url, null, null, 2)) {
      try (Connection c = db.connection()) {
        c.setAutoCommit(false);
        PreparedStatement img =
            c.prepareStatement(
                "INSERT INTO images (digest, repository, first_seen, last_seen, scanned_at,"
                    + " evaluated_at, advisories_built, os, base_name, base_digest, base_rule,"
                    + " packages) VALUES (?, ?, ?, ?, ?, ?, 'bench', 'debian 12', ?, ?, ?, ?)");
        PreparedStatement ref =
            c.prepareStatement(
                "INSERT INTO image_refs (reference, digest, source, seen_at) VALUES (?, ?, 'api',"
                    + " ?)");
        PreparedStatement f =
            c.prepareStatement(
                "INSERT INTO findings (digest, vuln_id, package, version, ecosystem, purl,"
                    + " aliases, severity, score, fixed_version, kev, epss, origin, layer_index,"
                    + " path, advice, title, first_seen, resolved_at) VALUES (?, ?, ?, ?,"
                    + " 'debian', ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)");
        String[] bases = new String[10];
        for (int b = 0; b < bases.length; b++) {
          bases[b] = digest("base-" + b);
        }
        for (int i = 0; i < images; i++) {
          String d = digest("image-" + i);
          if (first == null) {
            first = d;
          }
          String repo = "registry.example/team" + (i % 25) + "/app" + i;
          int base = rnd.nextInt(bases.length);
          img.setString(1, d);
          img.setString(2, repo);
          img.setLong(3, now - 86_400_000L);
          img.setLong(4, now);
          img.setLong(5, now - 3_600_000L);
          img.setLong(6, now - 60_000L);
          img.setString(7, "debian:bookworm-" + base);
          img.setString(8, bases[base]);
          img.setString(9, "annotation");
          img.setInt(10, 90 + rnd.nextInt(310));
          img.addBatch();
          for (String r : new String[] {repo + ":v" + (i % 7), repo + "@" + d}) {
            ref.setString(1, r);
            ref.setString(2, d);
            ref.setLong(3, now);
            ref.addBatch();
          }
          int n = 50 + rnd.nextInt(251);
          for (int k = 0; k < n; k++) {
            double p = rnd.nextDouble();
            int s = 0;
            while (p > SEV_P[s]) {
              s++;
            }
            String pkg = "pkg" + rnd.nextInt(400);
            boolean fix = rnd.nextDouble() < 0.6;
            f.setString(1, d);
            f.setString(2, "CVE-2024-" + (10000 + k));
            f.setString(3, pkg);
            f.setString(4, "1." + rnd.nextInt(20) + "-" + rnd.nextInt(5));
            f.setString(5, "pkg:deb/debian/" + pkg + "@1.0");
            f.setString(6, "DSA-" + k);
            f.setString(7, SEV[s]);
            f.setDouble(8, 1 + rnd.nextInt(90) / 10.0);
            f.setString(9, fix ? "1.99" : null);
            f.setBoolean(10, rnd.nextDouble() < 0.02);
            f.setDouble(11, rnd.nextDouble());
            f.setString(12, rnd.nextBoolean() ? "base" : "app");
            f.setInt(13, rnd.nextInt(6));
            f.setString(14, fix ? "update the base image" : "no fix yet");
            f.setString(15, "A vulnerability in " + pkg);
            f.setLong(16, now - rnd.nextInt(86_400_000));
            if (rnd.nextDouble() < 0.1) {
              f.setLong(17, now - rnd.nextInt(3_600_000));
            } else {
              f.setNull(17, java.sql.Types.BIGINT);
            }
            f.addBatch();
            findings++;
          }
          if (i % 50 == 49) {
            img.executeBatch();
            ref.executeBatch();
            f.executeBatch();
          }
        }
        img.executeBatch();
        ref.executeBatch();
        f.executeBatch();
        PreparedStatement w =
            c.prepareStatement(
                "INSERT INTO workloads (namespace, kind, name, container, image, digest, pods,"
                    + " seen_at) VALUES (?, 'Deployment', ?, 'app', ?, ?, ?, ?)");
        for (int k = 0; k < 1500; k++) {
          int i = rnd.nextInt(Math.min(700, images));
          w.setString(1, "ns" + (k % 20));
          w.setString(2, "svc" + k);
          w.setString(3, "registry.example/team" + (i % 25) + "/app" + i + ":v" + (i % 7));
          w.setString(4, digest("image-" + i));
          w.setInt(5, 1 + rnd.nextInt(5));
          w.setLong(6, now);
          w.addBatch();
        }
        w.executeBatch();
        PreparedStatement e =
            c.prepareStatement(
                "INSERT INTO events (at, kind, digest, detail) VALUES (?, 'finding.new', ?, ?)");
        for (int k = 0; k < 200; k++) {
          e.setLong(1, now - k * 1000L);
          e.setString(2, digest("image-" + rnd.nextInt(images)));
          e.setString(3, "{\"id\":\"CVE-2024-" + k + "\",\"severity\":\"HIGH\"}");
          e.addBatch();
        }
        e.executeBatch();
        PreparedStatement r =
            c.prepareStatement(
                "INSERT INTO refreshes (at, base, old_digest, new_digest, source, report) VALUES"
                    + " (?, ?, ?, ?, 'registry', '{\"refreshed\":3}')");
        for (int k = 0; k < 50; k++) {
          r.setLong(1, now - k * 60_000L);
          r.setString(2, "debian:bookworm-" + (k % 10));
          r.setString(3, bases[k % 10]);
          r.setString(4, digest("new-base-" + k));
          r.addBatch();
        }
        r.executeBatch();
        c.commit();
      }
      if (url.startsWith("jdbc:postgresql:")) {
        // what autovacuum does some time after a bulk load: statistics for the planner
        try (Connection c = db.connection();
            java.sql.Statement s = c.createStatement()) {
          s.execute("ANALYZE");
        }
      }
      String token = new Tokens(db, Clock.systemUTC()).create("bench");
      System.out.println(token);
      System.out.println(first);
    }
    System.err.printf(
        "filled %s: %d images, %d findings in %.1f s%n",
        url.replaceAll("password=[^&]*", "password=***"),
        images,
        findings,
        (System.nanoTime() - t0) / 1e9);
  }

  static String digest(String s) throws Exception {
    return "sha256:"
        + HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
