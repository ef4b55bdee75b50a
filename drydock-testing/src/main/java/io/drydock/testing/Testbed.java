package io.drydock.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Access to the real test infrastructure started by {@code .ci/testbed.sh start}: three registries
 * (plain HTTP, HTTP with basic auth, TLS with basic auth) holding the real Debian images, and the
 * same images as OCI layout, docker-archive, oci-archive and rootfs.
 *
 * <p>Values come from the environment ({@code DRYDOCK_REGISTRY*}, {@code TESTBED_*}), or, when the
 * environment lacks them, from {@code $TESTBED_DIR/drydock.env} (default {@code
 * /tmp/drydock-testbed}), so a test started from an IDE after {@code .ci/testbed.sh start} works.
 * When neither is there, {@link #require()} skips the test locally and fails it when {@code
 * CI=true}: in CI the testbed is part of the contract.
 */
public final class Testbed {
  private final Map<String, String> env;

  private Testbed(Map<String, String> env) {
    this.env = env;
  }

  /** The testbed, or an aborted (local) / failed (CI) test when it is not running. */
  public static Testbed require() {
    Map<String, String> env = load();
    if (env.get("DRYDOCK_REGISTRY") == null || env.get("TESTBED_OCI_LAYOUT") == null) {
      String why = "testbed not running: start it with `bash .ci/testbed.sh start`";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why + " (CI=true, so this is an error)");
      }
      Assumptions.abort(why);
    }
    return new Testbed(env);
  }

  private static Map<String, String> load() {
    Map<String, String> merged = new java.util.HashMap<>();
    String dir = System.getenv().getOrDefault("TESTBED_DIR", "/tmp/drydock-testbed");
    Path file = Path.of(dir, "drydock.env");
    if (Files.isRegularFile(file)) {
      try {
        for (String line : Files.readAllLines(file)) {
          int eq = line.indexOf('=');
          if (eq > 0 && !line.startsWith("#")) {
            merged.put(line.substring(0, eq), line.substring(eq + 1));
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("reading " + file, e);
      }
    }
    merged.putAll(System.getenv());
    return Map.copyOf(merged);
  }

  /**
   * Runs one of the shared testbed's scripts ({@code registry.sh}, {@code images.sh}) against this
   * testbed's {@code TESTBED_DIR} and returns its stdout (stderr is dropped). A non-zero exit fails
   * the test, except for {@code registry.sh stop} (stopping what does not run).
   */
  public String script(String script, String... args) {
    java.util.List<String> cmd = new java.util.ArrayList<>();
    cmd.add("bash");
    cmd.add(sharedScripts().resolve(script).toString());
    cmd.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("TESTBED_DIR", get("TESTBED_DIR"));
    String what = script + " " + String.join(" ", args);
    try {
      Process p = pb.start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        Assertions.fail(what + ": still running after 300 s");
      }
      boolean stop = script.equals("registry.sh") && args.length > 0 && args[0].equals("stop");
      if (!stop && p.exitValue() != 0) {
        Assertions.fail(what + ": exit " + p.exitValue());
      }
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(what, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted", e);
    }
  }

  /** {@code ../shared/testbed}: {@code DRYDOCK_SHARED}, else found from the working directory. */
  static Path sharedScripts() {
    for (String c :
        new String[] {
          System.getenv("DRYDOCK_SHARED"), "../../shared", "../shared", "/work/shared"
        }) {
      if (c != null && Files.isRegularFile(Path.of(c, "testbed", "registry.sh"))) {
        return Path.of(c, "testbed").toAbsolutePath();
      }
    }
    throw new AssertionError("shared/testbed not found (set DRYDOCK_SHARED)");
  }

  /** A variable, or a test failure naming it when absent. */
  public String get(String name) {
    String v = env.get(name);
    if (v == null) {
      Assertions.fail("testbed variable " + name + " is not set");
    }
    return v;
  }

  /** {@code 127.0.0.1:PORT} of the plain-HTTP anonymous registry. */
  public String plainRegistry() {
    return get("DRYDOCK_REGISTRY");
  }

  /** {@code 127.0.0.1:PORT} of the HTTP registry with basic auth. */
  public String authRegistry() {
    return get("DRYDOCK_AUTH_REGISTRY");
  }

  public String authUser() {
    return get("DRYDOCK_AUTH_REGISTRY_USER");
  }

  public String authPassword() {
    return get("DRYDOCK_AUTH_REGISTRY_PASSWORD");
  }

  /** {@code 127.0.0.1:PORT} of the TLS registry (self-signed CA, basic auth). */
  public String tlsRegistry() {
    return get("DRYDOCK_TLS_REGISTRY");
  }

  public String tlsUser() {
    return get("DRYDOCK_TLS_REGISTRY_USER");
  }

  public String tlsPassword() {
    return get("DRYDOCK_TLS_REGISTRY_PASSWORD");
  }

  /** PEM file of the TLS registry's CA. */
  public Path tlsCa() {
    return Path.of(get("DRYDOCK_TLS_REGISTRY_CA"));
  }

  /** The testbed images, by their {@code images.env} prefix. */
  public enum Img {
    DEBIAN_BOOKWORM_V1,
    DEBIAN_BOOKWORM_V2,
    DEBIAN_BOOKWORM_V2_FLAT,
    APP_1_0_BASE_V1,
    APP_1_0_BASE_V2
  }

  /** Manifest digest as pushed ({@code sha256:…}); equal in registry, layout and oci-archive. */
  public String digest(Img img) {
    return get("TESTBED_" + img + "_DIGEST");
  }

  /** {@code repo:tag} in the registries, e.g. {@code debian:bookworm-v1}. */
  public String repoTag(Img img) {
    return get("TESTBED_" + img + "_REPO") + ":" + get("TESTBED_" + img + "_TAG");
  }

  public int layerCount(Img img) {
    return Integer.parseInt(get("TESTBED_" + img + "_LAYERS"));
  }

  public Path dockerArchive(Img img) {
    return Path.of(get("TESTBED_" + img + "_DOCKER_ARCHIVE"));
  }

  public Path ociArchive(Img img) {
    return Path.of(get("TESTBED_" + img + "_OCI_ARCHIVE"));
  }

  /** Single-image OCI layout directory. */
  public Path ociDir(Img img) {
    return Path.of(get("TESTBED_" + img + "_OCI_DIR"));
  }

  /** The OCI layout holding all five images, by ref name (e.g. {@code debian-bookworm-v1}). */
  public Path ociLayout() {
    return Path.of(get("TESTBED_OCI_LAYOUT"));
  }

  /** Unpacked rootfs (only DEBIAN_BOOKWORM_V1, DEBIAN_BOOKWORM_V2 and APP_1_0_BASE_V1 have one). */
  public Path rootfs(Img img) {
    return Path.of(get("TESTBED_" + img + "_ROOTFS"));
  }

  /** {@code $TESTBED_DIR/images/images.json}: per-image manifest/config/layer digests and sizes. */
  public Path imagesJson() {
    return Path.of(get("TESTBED_IMAGES_DIR"), "images.json");
  }
}
