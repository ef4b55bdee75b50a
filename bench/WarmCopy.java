import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Warm pulls in one JVM (the server's situation): runs {@code drydock copy IMAGE oci:TMP:x} N
 * times in-process and prints each run's wall time. Run from the repository root:
 *
 * <pre>java -cp drydock-cli/target/drydock.jar bench/WarmCopy.java 127.0.0.1:5000/drydock/app:1.0-base-v1 6</pre>
 */
public class WarmCopy {
  public static void main(String[] args) throws Exception {
    String image = args[0];
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    var run =
        Class.forName("io.drydock.cli.Main")
            .getMethod("run", String[].class, PrintWriter.class, PrintWriter.class);
    PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream());
    for (int i = 0; i < runs; i++) {
      Path dir = Files.createTempDirectory("warmcopy");
      long t = System.nanoTime();
      Object code = run.invoke(null, new String[] {"copy", image, "oci:" + dir + ":x"}, quiet, quiet);
      System.out.printf("run %d: %d ms (exit %s)%n", i, (System.nanoTime() - t) / 1_000_000, code);
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
