import io.drydock.vuln.store.AdvisoryStore;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Store open time and lookup latency: java -cp drydock-cli/target/drydock.jar bench/StoreLookup.java
 * DB_FILE ECOSYSTEM NAME [ROUNDS]. Prints the open time and the median/p99 of ROUNDS lookups (after
 * ROUNDS warm-up lookups).
 */
public class StoreLookup {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20000;
    long t0 = System.nanoTime();
    AdvisoryStore.open(Path.of(args[0])).close(); // loads the driver and its native library
    long first = System.nanoTime() - t0;
    t0 = System.nanoTime();
    try (AdvisoryStore store = AdvisoryStore.open(Path.of(args[0]))) {
      long opened = System.nanoTime() - t0;
      System.out.printf("first open (driver + native library load) %.1f ms%n", first / 1e6);
      int found = store.lookup(args[1], args[2]).size();
      for (int i = 0; i < rounds; i++) {
        store.lookup(args[1], args[2]);
      }
      long[] ns = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        long s = System.nanoTime();
        store.lookup(args[1], args[2]);
        ns[i] = System.nanoTime() - s;
      }
      Arrays.sort(ns);
      System.out.printf(
          "second open %.1f ms; lookup %s/%s -> %d advisories: median %.1f us, p99 %.1f us%n",
          opened / 1e6, args[1], args[2], found, ns[rounds / 2] / 1e3, ns[rounds * 99 / 100] / 1e3);
    }
  }
}
