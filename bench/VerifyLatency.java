import io.drydock.oci.Descriptor;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Manifest;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import io.drydock.sign.Cosign;
import io.drydock.sign.KeyPairs;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Verify latency in one warm JVM: copies SRC (a repo:tag in REGISTRY) to a fresh repository by
 * blob mounts, signs it once, then times {@code Cosign.verify} by tag (resolve + .sig manifest +
 * payload blob + ECDSA) with one shared client (the admission webhook's situation), and {@code
 * drydock verify} in-process (a new client each run). 5 warm-up runs, then RUNS measured. From the
 * repository root, with the testbed running:
 *
 * <pre>java -cp drydock-cli/target/drydock.jar bench/VerifyLatency.java 127.0.0.1:5000 debian:bookworm-v1 20</pre>
 */
public class VerifyLatency {
  public static void main(String[] args) throws Exception {
    String registry = args[0];
    String srcRepoTag = args.length > 1 ? args[1] : "debian:bookworm-v1";
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    try (RegistryClient client = RegistryClient.create(RegistryOptions.defaults())) {
      ImageRef src = ImageRef.parse(registry + "/" + srcRepoTag);
      ImageRef image = ImageRef.parse(registry + "/sign-bench/" + UUID.randomUUID() + ":1");
      RawDocument doc = client.getManifest(src);
      Manifest m = (Manifest) doc.parse("source");
      List<Descriptor> blobs = new ArrayList<>(m.layers());
      blobs.add(m.config());
      for (Descriptor d : blobs) {
        client.mountBlob(image, src, d.digest());
      }
      client.putManifest(image, doc);
      KeyPair key = KeyPairs.generate();
      Cosign cosign = new Cosign(client);
      cosign.sign(image, key.getPrivate());

      long[] lib = new long[runs];
      for (int i = -5; i < runs; i++) {
        long t = System.nanoTime();
        boolean ok = cosign.verify(image, key.getPublic()).verified();
        long us = (System.nanoTime() - t) / 1000;
        if (!ok) {
          throw new IllegalStateException("verification failed");
        }
        if (i >= 0) {
          lib[i] = us;
        }
      }
      report("library, shared client", lib);

      Path pub = Files.createTempFile("bench", ".pub");
      Files.writeString(pub, KeyPairs.publicKeyPem(key.getPublic()));
      var run =
          Class.forName("io.drydock.cli.Main")
              .getMethod("run", String[].class, PrintWriter.class, PrintWriter.class);
      PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream());
      long[] cli = new long[runs];
      for (int i = -5; i < runs; i++) {
        long t = System.nanoTime();
        Object code =
            run.invoke(null, new String[] {"verify", image.toString(), "--key", pub.toString()}, quiet, quiet);
        long us = (System.nanoTime() - t) / 1000;
        if (!Integer.valueOf(0).equals(code)) {
          throw new IllegalStateException("drydock verify exited " + code);
        }
        if (i >= 0) {
          cli[i] = us;
        }
      }
      report("drydock verify in-process, new client", cli);
      Files.delete(pub);
    }
  }

  static void report(String what, long[] us) {
    long[] s = us.clone();
    Arrays.sort(s);
    System.out.printf(
        "%s: median %.2f ms, p90 %.2f ms, min %.2f ms, max %.2f ms (%d runs)%n",
        what,
        s[s.length / 2] / 1000.0,
        s[(int) Math.ceil(s.length * 0.9) - 1] / 1000.0,
        s[0] / 1000.0,
        s[s.length - 1] / 1000.0,
        s.length);
  }
}
