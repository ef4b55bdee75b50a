package io.drydock.refresh.loop;

import io.drydock.oci.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the refresh loop has seen and done, kept in one JSON file so that a restart neither repeats
 * nor forgets work: the last digest of every watched base tag, and per (app, new base digest) the
 * refreshed digest and the last stage finished. Written atomically (temp file + rename) after every
 * change. Thread-safe (synchronized).
 */
public final class RefreshState {
  private final Path file;
  private final Store store;
  private final Map<String, String> bases = new LinkedHashMap<>();
  private final Map<String, String> done = new LinkedHashMap<>();

  private RefreshState(Path file) {
    this.file = file;
    this.store = null;
  }

  private RefreshState(Store store) {
    this.file = null;
    this.store = store;
  }

  /**
   * Where a state lives other than a file: the server keeps it in its database, shared by its
   * replicas. Each change is written through at once, one entry at a time.
   */
  public interface Store {
    /** Records {@code value} under {@code key} in {@code map} ({@code bases} or {@code done}). */
    void put(String map, String key, String value) throws IOException;
  }

  /**
   * A state that starts from {@code bases} and {@code done} and writes every change to {@code
   * store}.
   */
  public static RefreshState of(Map<String, String> bases, Map<String, String> done, Store store) {
    RefreshState s = new RefreshState(store);
    s.bases.putAll(bases);
    s.done.putAll(done);
    return s;
  }

  /** Reads {@code file}, or starts empty when it does not exist. */
  public static RefreshState open(Path file) throws IOException {
    RefreshState s = new RefreshState(file);
    if (Files.exists(file)) {
      JsonNode root;
      try {
        root = Json.readObject(Files.readAllBytes(file), file.toString());
      } catch (IOException e) {
        throw new IOException(file + ": the refresh state is not valid JSON: " + e.getMessage(), e);
      }
      copy(root.path("bases"), s.bases);
      copy(root.path("done"), s.done);
    }
    return s;
  }

  /** A state that is never written (dry runs, tests). */
  public static RefreshState inMemory() {
    return new RefreshState((Path) null);
  }

  private static void copy(JsonNode from, Map<String, String> to) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      to.put(e.getKey(), e.getValue().asString(""));
    }
  }

  /** The last digest seen for a base tag, or {@code null}. */
  public synchronized String base(String ref) {
    return bases.get(ref);
  }

  public synchronized void base(String ref, String digest) throws IOException {
    bases.put(ref, digest);
    if (store != null) {
      store.put("bases", ref, digest);
    }
    save();
  }

  /** What was done for {@code app} on base digest {@code newBase}: "digest stage", or null. */
  public synchronized String done(String app, String newBase) {
    return done.get(app + " " + newBase);
  }

  public synchronized void done(String app, String newBase, String digest, String stage)
      throws IOException {
    done.put(app + " " + newBase, digest + " " + stage);
    if (store != null) {
      store.put("done", app + " " + newBase, digest + " " + stage);
    }
    save();
  }

  private void save() throws IOException {
    if (file == null) {
      return;
    }
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode b = root.putObject("bases");
    bases.forEach(b::put);
    ObjectNode d = root.putObject("done");
    done.forEach(d::put);
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".refresh-state", ".tmp");
    try {
      Files.write(
          tmp,
          Json.MAPPER
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(root)
              .getBytes(StandardCharsets.UTF_8));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
