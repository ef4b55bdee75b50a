package io.drydock.server.inventory;

import io.drydock.kube.ObservedPod;
import io.drydock.kube.PodContainer;
import io.drydock.kube.PodWatch;
import io.drydock.kube.TopOwner;
import io.drydock.server.ServerContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds the pods a {@link PodWatch} reports into {@code workloads} rows: one row per (namespace,
 * top owner kind, owner name, container), over the owner's live pods (not {@code Succeeded} or
 * {@code Failed}).
 *
 * <ul>
 *   <li>{@code image} and {@code digest} come from the newest pod (by creation time) that reports a
 *       repository digest for the container, else from the newest pod: during a roll-out the row
 *       follows the new revision.
 *   <li>{@code pods} counts the owner's pods in phase {@code Running} that have the container.
 *   <li>When the last live pod of an owner goes, its rows go; a container that left the spec loses
 *       its row.
 *   <li>{@link #onSynced} (after the watch's initial list) rewrites the rows of the watched
 *       namespaces from the list and deletes the others there, so a restarted server converges.
 * </ul>
 *
 * <p>Each digest seen for the first time by this process goes through {@link ImageCatalog#seen}
 * (images, image_refs with source {@code kubernetes}, a {@code scan} job when the image has no
 * SBOM). Rows are written only when an owner's computed rows change, so status-only pod updates
 * cost no writes. Thread-safe: every method is synchronized (the informers of several namespaces
 * call in from their own threads).
 */
public final class KubeInventory implements PodWatch.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(KubeInventory.class);

  /** Where images seen in the cluster come from, in {@code image_refs.source}. */
  public static final String SOURCE = "kubernetes";

  /** One {@code workloads} row. */
  record Row(String image, String digest, String reference, int pods) {}

  private static final Comparator<TopOwner> OWNER_ORDER =
      Comparator.comparing(TopOwner::namespace)
          .thenComparing(TopOwner::kind)
          .thenComparing(TopOwner::name);

  private final ServerContext ctx;
  private final ImageCatalog catalog;
  private final List<String> namespaces;
  private final Map<String, ObservedPod> pods = new HashMap<>();
  private final Map<TopOwner, Set<String>> podsByOwner = new HashMap<>();
  private final Map<TopOwner, Map<String, Row>> written = new HashMap<>();
  private final Set<String> registered = new HashSet<>();
  private final Set<String> goneBeforeSync = new HashSet<>();
  private boolean synced;

  /**
   * @param namespaces the watched namespaces (empty: all); {@link #onSynced} deletes rows only
   *     there
   */
  public KubeInventory(ServerContext ctx, List<String> namespaces) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.catalog = new ImageCatalog(ctx);
    this.namespaces = List.copyOf(namespaces);
  }

  @Override
  public synchronized void onPod(ObservedPod pod) {
    ObservedPod before = put(pod);
    if (before != null && !before.owner().equals(pod.owner())) {
      refresh(before.owner());
    }
    refresh(pod.owner());
  }

  @Override
  public synchronized void onPodGone(String namespace, String name) {
    if (!synced) {
      goneBeforeSync.add(namespace + "/" + name);
    }
    ObservedPod before = pods.remove(namespace + "/" + name);
    if (before != null) {
      unindex(before);
      refresh(before.owner());
    }
  }

  private ObservedPod put(ObservedPod pod) {
    ObservedPod before = pods.put(pod.key(), pod);
    if (before != null) {
      unindex(before);
    }
    podsByOwner.computeIfAbsent(pod.owner(), o -> new HashSet<>()).add(pod.key());
    return before;
  }

  private void unindex(ObservedPod pod) {
    Set<String> keys = podsByOwner.get(pod.owner());
    if (keys != null) {
      keys.remove(pod.key());
      if (keys.isEmpty()) {
        podsByOwner.remove(pod.owner());
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The list is a snapshot taken while events kept arriving, so it is merged, not copied: a pod
   * an event already reported keeps the event's (newer) state, and a pod an event reported gone
   * stays gone. Every row of the watched namespaces that the merged state does not explain is
   * deleted.
   */
  @Override
  public synchronized void onSynced(List<ObservedPod> listed) {
    for (ObservedPod p : listed) {
      if (!pods.containsKey(p.key()) && !goneBeforeSync.contains(p.key())) {
        put(p);
      }
    }
    synced = true;
    goneBeforeSync.clear();
    // sorted, like every write here, so that replicas writing the same rows at once take
    // PostgreSQL's row locks in the same order (no deadlock)
    Map<TopOwner, Map<String, Row>> all = new TreeMap<>(OWNER_ORDER);
    for (ObservedPod p : pods.values()) {
      all.computeIfAbsent(p.owner(), o -> rows(o));
    }
    long now = ctx.clock().millis();
    int[] removed = new int[1];
    ctx.db()
        .jdbi()
        .useTransaction(
            h -> {
              for (Key k : existingKeys(h)) {
                Map<String, Row> rows = all.get(new TopOwner(k.kind(), k.namespace(), k.name()));
                if (rows == null || !rows.containsKey(k.container())) {
                  removed[0] += delete(h, k);
                }
              }
              all.forEach((owner, rows) -> rows.forEach((c, r) -> upsert(h, owner, c, r, now)));
            });
    written.clear();
    written.putAll(all);
    register(all.values());
    LOG.info(
        "inventory: {} pods in {} workloads after the initial list ({} stale rows removed)",
        pods.size(),
        all.size(),
        removed[0]);
  }

  /**
   * Sets {@code images.last_seen} to now for every digest running in the watched namespaces (rows
   * are otherwise written only when they change, so a long-running image's {@code last_seen} would
   * stand still).
   *
   * @return how many images were touched
   */
  public synchronized int touch() {
    Set<String> digests = new TreeSet<>();
    written
        .values()
        .forEach(
            rows ->
                rows.values()
                    .forEach(
                        r -> {
                          if (r.digest() != null) {
                            digests.add(r.digest());
                          }
                        }));
    if (digests.isEmpty()) {
      return 0;
    }
    long now = ctx.clock().millis();
    List<String> all = List.copyOf(digests);
    int touched = 0;
    for (int i = 0; i < all.size(); i += 500) {
      List<String> chunk = all.subList(i, Math.min(all.size(), i + 500));
      touched +=
          ctx.db()
              .jdbi()
              .withHandle(
                  h ->
                      h.createUpdate("UPDATE images SET last_seen = :now WHERE digest IN (<d>)")
                          .bind("now", now)
                          .bindList("d", chunk)
                          .execute());
    }
    return touched;
  }

  /** Recomputes one owner's rows and writes them when they changed. */
  private void refresh(TopOwner owner) {
    Map<String, Row> rows = rows(owner);
    Map<String, Row> before = written.getOrDefault(owner, Map.of());
    if (rows.equals(before)) {
      register(rows); // retries a digest whose registration failed earlier
      return;
    }
    long now = ctx.clock().millis();
    ctx.db()
        .jdbi()
        .useTransaction(
            h -> {
              for (String c : before.keySet()) {
                if (!rows.containsKey(c)) {
                  delete(h, new Key(owner.namespace(), owner.kind(), owner.name(), c));
                }
              }
              if (rows.isEmpty() && before.isEmpty()) {
                // not written by this process yet (e.g. an event raced the initial list)
                h.createUpdate(
                        "DELETE FROM workloads WHERE namespace = :ns AND kind = :kind AND name ="
                            + " :name")
                    .bind("ns", owner.namespace())
                    .bind("kind", owner.kind())
                    .bind("name", owner.name())
                    .execute();
              }
              rows.forEach((c, r) -> upsert(h, owner, c, r, now));
            });
    if (rows.isEmpty()) {
      written.remove(owner);
    } else {
      written.put(owner, rows);
    }
    register(rows);
  }

  private void register(Map<String, Row> rows) {
    register(List.of(rows));
  }

  /** Registers the digests this process has not registered yet, in one transaction. */
  private void register(Collection<Map<String, Row>> rowSets) {
    Map<String, ImageCatalog.Sighting> fresh = new TreeMap<>();
    for (Map<String, Row> rows : rowSets) {
      for (Row r : rows.values()) {
        if (r.digest() != null && !registered.contains(r.digest())) {
          String repo = r.reference().substring(0, r.reference().lastIndexOf('@'));
          fresh.putIfAbsent(r.digest(), new ImageCatalog.Sighting(repo, r.reference(), r.digest()));
        }
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    catalog.seenAll(fresh.values(), SOURCE);
    // only once written: a failure above leaves them to be tried on the next event
    registered.addAll(fresh.keySet());
  }

  /** The rows of one owner from the pods in memory; empty when it has no live pod. */
  private Map<String, Row> rows(TopOwner owner) {
    List<ObservedPod> mine = new ArrayList<>();
    for (String key : podsByOwner.getOrDefault(owner, Set.of())) {
      ObservedPod p = pods.get(key);
      if (p != null && p.live()) {
        mine.add(p);
      }
    }
    mine.sort(
        Comparator.comparingLong(ObservedPod::createdMillis)
            .reversed()
            .thenComparing(ObservedPod::name));
    Map<String, Row> rows = new TreeMap<>();
    for (ObservedPod p : mine) {
      for (PodContainer c : p.containers()) {
        Row r = rows.get(c.name());
        int running = p.running() ? 1 : 0;
        if (r == null) {
          rows.put(c.name(), new Row(c.image(), c.digest(), c.reference(), running));
        } else if (r.digest() == null && c.digest() != null) {
          rows.put(c.name(), new Row(c.image(), c.digest(), c.reference(), r.pods() + running));
        } else {
          rows.put(c.name(), new Row(r.image(), r.digest(), r.reference(), r.pods() + running));
        }
      }
    }
    return rows;
  }

  private record Key(String namespace, String kind, String name, String container) {}

  private List<Key> existingKeys(Handle h) {
    String where = namespaces.isEmpty() ? "" : " WHERE namespace IN (<ns>)";
    var q =
        h.createQuery(
            "SELECT namespace, kind, name, container FROM workloads"
                + where
                + " ORDER BY namespace, kind, name, container");
    if (!namespaces.isEmpty()) {
      q.bindList("ns", namespaces);
    }
    return q.map(
            (rs, c) ->
                new Key(
                    rs.getString("namespace"),
                    rs.getString("kind"),
                    rs.getString("name"),
                    rs.getString("container")))
        .list();
  }

  private static int delete(Handle h, Key k) {
    return h.createUpdate(
            "DELETE FROM workloads WHERE namespace = :ns AND kind = :kind AND name = :name AND"
                + " container = :c")
        .bind("ns", k.namespace())
        .bind("kind", k.kind())
        .bind("name", k.name())
        .bind("c", k.container())
        .execute();
  }

  private static void upsert(Handle h, TopOwner o, String container, Row r, long now) {
    h.createUpdate(
            "INSERT INTO workloads (namespace, kind, name, container, image, digest, pods,"
                + " seen_at) VALUES (:ns, :kind, :name, :c, :image, :digest, :pods, :now)"
                + " ON CONFLICT (namespace, kind, name, container) DO UPDATE SET image ="
                + " excluded.image, digest = excluded.digest, pods = excluded.pods, seen_at ="
                + " excluded.seen_at")
        .bind("ns", o.namespace())
        .bind("kind", o.kind())
        .bind("name", o.name())
        .bind("c", container)
        .bind("image", r.image())
        .bind("digest", r.digest())
        .bind("pods", r.pods())
        .bind("now", now)
        .execute();
  }
}
