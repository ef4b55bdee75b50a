package io.drydock.oci.registry;

import io.drydock.oci.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Finds the credentials for a registry, in this order: explicit ({@code --username/--password}),
 * environment ({@code DRYDOCK_USERNAME}/{@code DRYDOCK_PASSWORD}), then the auth file's {@code
 * credHelpers[host]}, {@code credsStore}, {@code auths[host]} (which holds {@code auth} = base64
 * {@code user:pass}, or {@code username}/{@code password}, or {@code identitytoken}).
 *
 * <p>The auth file is the explicit one, else {@code $REGISTRY_AUTH_FILE} (podman, skopeo), else
 * {@code $DOCKER_CONFIG/config.json}, else {@code $HOME/.docker/config.json}: the first that
 * exists. Keys match by host: {@code https://host/path} and {@code host} are the same, and Docker
 * Hub's {@code https://index.docker.io/v1/}, {@code index.docker.io} and {@code
 * registry-1.docker.io} all mean {@code docker.io}.
 *
 * <p>Credential helpers ({@code docker-credential-<name> get}, server URL on stdin, JSON {@code
 * {"Username","Secret"}} on stdout) are looked up on the {@code PATH} of {@link
 * RegistryOptions#environment()} (not the JVM's, so tests can inject one), get {@value
 * #HELPER_TIMEOUT_SECONDS} s and at most {@value #MAX_HELPER_OUTPUT} bytes of output. A helper that
 * says "credentials not found" means no credentials; one that is missing or fails is an error
 * naming it. Thread-safe (stateless apart from its inputs).
 */
public final class CredentialResolver {
  public static final int HELPER_TIMEOUT_SECONDS = 10;
  public static final int MAX_HELPER_OUTPUT = 64 * 1024;
  private static final int MAX_AUTH_FILE_BYTES = 4 * 1024 * 1024;
  private static final String DOCKER_HUB_SERVER = "https://index.docker.io/v1/";
  private static final Pattern HELPER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final Credentials explicit;
  private final Map<String, String> env;
  private final Path authFile;

  public CredentialResolver(Credentials explicit, Map<String, String> env, Path authFile) {
    this.explicit = explicit;
    this.env = Map.copyOf(env);
    this.authFile = authFile;
  }

  public static CredentialResolver from(RegistryOptions o) {
    return new CredentialResolver(o.credentials(), o.environment(), o.authFile());
  }

  /**
   * The credentials for {@code registry} (a host[:port] as in {@link
   * io.drydock.oci.ImageRef#registry()}, {@code docker.io} for Docker Hub), or empty.
   *
   * @throws IOException naming the file or helper when the auth file is unreadable or a helper
   *     fails
   */
  public Optional<Credentials> resolve(String registry) throws IOException {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    String user = env.get("DRYDOCK_USERNAME");
    String pass = env.get("DRYDOCK_PASSWORD");
    if (user != null && !user.isEmpty() && pass != null) {
      return Optional.of(Credentials.basic(user, pass));
    }
    Path file = authFile();
    if (file == null) {
      return Optional.empty();
    }
    return fromAuthFile(file, normalize(registry));
  }

  /** The auth file in use, or {@code null} when there is none. */
  public Path authFile() {
    List<Path> candidates = new ArrayList<>();
    if (authFile != null) {
      return authFile;
    }
    String raf = env.get("REGISTRY_AUTH_FILE");
    if (raf != null && !raf.isBlank()) {
      candidates.add(Path.of(raf));
    }
    String dc = env.get("DOCKER_CONFIG");
    if (dc != null && !dc.isBlank()) {
      candidates.add(Path.of(dc, "config.json"));
    }
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      candidates.add(Path.of(home, ".docker", "config.json"));
    }
    return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
  }

  /**
   * The registry a config key names: scheme and path dropped, lower-cased, Docker Hub's aliases
   * mapped to {@code docker.io}.
   */
  public static String normalize(String key) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    return switch (k) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
      default -> k;
    };
  }

  private Optional<Credentials> fromAuthFile(Path file, String registry) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    if (Files.size(file) > MAX_AUTH_FILE_BYTES) {
      throw new IOException(
          "auth file " + file + " is larger than " + MAX_AUTH_FILE_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (JacksonException e) {
      throw new IOException(
          "auth file "
              + file
              + " is not valid JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new IOException("auth file " + file + " is not a JSON object");
    }
    String serverUrl = registry.equals("docker.io") ? DOCKER_HUB_SERVER : registry;
    for (Map.Entry<String, JsonNode> e : root.path("credHelpers").properties()) {
      if (normalize(e.getKey()).equals(registry) && e.getValue().isString()) {
        return runHelper(e.getValue().asString(), serverUrl, registry, file, "credHelpers");
      }
    }
    JsonNode store = root.get("credsStore");
    if (store != null && store.isString() && !store.asString().isBlank()) {
      Optional<Credentials> c =
          runHelper(store.asString(), serverUrl, registry, file, "credsStore");
      if (c.isPresent()) {
        return c;
      }
    }
    for (Map.Entry<String, JsonNode> e : root.path("auths").properties()) {
      if (normalize(e.getKey()).equals(registry)) {
        Optional<Credentials> c = fromAuthEntry(e.getValue(), file, e.getKey());
        if (c.isPresent()) {
          return c;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Credentials> fromAuthEntry(JsonNode entry, Path file, String key)
      throws IOException {
    String token = text(entry, "identitytoken");
    String auth = text(entry, "auth");
    String user = text(entry, "username");
    String pass = text(entry, "password");
    if (auth != null && !auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IOException("auth file " + file + ": auths[\"" + key + "\"].auth is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new IOException(
            "auth file " + file + ": auths[\"" + key + "\"].auth is not base64 of user:password");
      }
      user = decoded.substring(0, colon);
      pass = decoded.substring(colon + 1);
    }
    if (token != null && !token.isEmpty()) {
      return Optional.of(Credentials.identityToken(user, token));
    }
    if (user != null && !user.isEmpty() && pass != null) {
      return Optional.of(Credentials.basic(user, pass));
    }
    return Optional.empty();
  }

  private Optional<Credentials> runHelper(
      String name, String serverUrl, String registry, Path file, String field) throws IOException {
    String helper = "docker-credential-" + name;
    if (!HELPER_NAME.matcher(name).matches()) {
      throw new IOException(
          "auth file "
              + file
              + ": "
              + field
              + " names an invalid credential helper \""
              + name
              + "\"");
    }
    Path exe = findOnPath(helper);
    if (exe == null) {
      throw new IOException(
          "credential helper "
              + helper
              + " (from "
              + field
              + " in "
              + file
              + ") is not on the PATH; install it or remove it from the auth file");
    }
    ProcessBuilder pb = new ProcessBuilder(exe.toString(), "get");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    if (env.containsKey("PATH")) {
      pb.environment().put("PATH", env.get("PATH"));
    }
    Process p = pb.start();
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream in = p.getInputStream()) {
                return in.readNBytes(MAX_HELPER_OUTPUT + 1);
              } catch (IOException e) {
                return new byte[0];
              }
            });
    byte[] stdout;
    try {
      try (OutputStream stdin = p.getOutputStream()) {
        stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      } catch (IOException ignored) {
        // the helper may exit without reading stdin; its exit status tells
      }
      if (!p.waitFor(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException(
            "credential helper "
                + helper
                + " did not answer within "
                + HELPER_TIMEOUT_SECONDS
                + " s for "
                + registry);
      }
      stdout = out.get(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while running " + helper);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(
          "credential helper " + helper + " output could not be read for " + registry);
    } finally {
      p.destroyForcibly();
    }
    if (stdout.length > MAX_HELPER_OUTPUT) {
      throw new IOException(
          "credential helper "
              + helper
              + " wrote more than "
              + MAX_HELPER_OUTPUT
              + " bytes for "
              + registry);
    }
    String text = new String(stdout, StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      if (text.toLowerCase(Locale.ROOT).contains("credentials not found")) {
        return Optional.empty();
      }
      throw new IOException(
          "credential helper "
              + helper
              + " failed for "
              + registry
              + " (exit "
              + p.exitValue()
              + "): "
              + firstLine(text));
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new IOException("credential helper " + helper + " wrote invalid JSON for " + registry);
    }
    String user = node == null ? null : text(node, "Username");
    String secret = node == null ? null : text(node, "Secret");
    if (secret == null || secret.isEmpty()) {
      return Optional.empty();
    }
    if (user == null || user.isEmpty() || user.equals("<token>")) {
      return Optional.of(Credentials.identityToken(user, secret));
    }
    return Optional.of(Credentials.basic(user, secret));
  }

  private Path findOnPath(String exe) {
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, exe);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    String line = s.lines().findFirst().orElse("(no output)");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.asString() : null;
  }
}
