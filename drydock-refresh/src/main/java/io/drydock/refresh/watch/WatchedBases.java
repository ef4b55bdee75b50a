package io.drydock.refresh.watch;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.refresh.watch.BaseUpdate.Source;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watched base references and the digest each was last seen at: the one place the poller and
 * the webhook path report to, so a change fires once however it was noticed.
 *
 * <p><b>References</b> are tags without digest ({@code registry/repository:tag}), matched exactly
 * as configured after {@link ImageRef#parse} normalisation (Docker Hub's {@code library/} and
 * {@code docker.io}; registry host in lower case). {@code localhost:5000} and {@code
 * 127.0.0.1:5000} are different registries here.
 *
 * <p><b>Rules.</b> A poll ({@link #observe}) is the truth about a tag: the first digest seen for a
 * reference only seeds the state (no update: nothing is known to have changed), and any later
 * different digest is an update, a move back to an earlier digest included. A webhook ({@link
 * #onPush}) fires when its digest differs from the current one and was not among the last {@value
 * #HISTORY} digests of that reference: a late or re-delivered notification must not move the state
 * backwards (a genuine re-push of an earlier digest is then noticed by the next poll). A webhook
 * for a reference never seen fires with {@code oldDigest == null}.
 *
 * <p>Thread-safe: every check-and-set is atomic per reference.
 */
public final class WatchedBases {
  /** How many earlier digests per reference are remembered to recognise stale notifications. */
  public static final int HISTORY = 16;

  private record Seen(Digest current, List<Digest> earlier) {}

  private final Set<ImageRef> references;
  private final List<ImageRef> ordered;
  private final ConcurrentHashMap<ImageRef, Seen> state = new ConcurrentHashMap<>();
  private final Clock clock;

  /**
   * @param references the tags to watch (each with a tag; a digest is refused)
   * @param seed last known digests from a previous run (e.g. persisted {@link #snapshot()}), so a
   *     restart does not fire again; entries for unwatched references are dropped
   * @param clock stamps {@link BaseUpdate#at()}
   */
  public WatchedBases(Collection<ImageRef> references, Map<ImageRef, Digest> seed, Clock clock) {
    Set<ImageRef> refs = new LinkedHashSet<>();
    for (ImageRef r : references) {
      refs.add(key(r));
    }
    if (refs.isEmpty()) {
      throw new IllegalArgumentException("no base references to watch");
    }
    this.references = Set.copyOf(refs);
    this.clock = Objects.requireNonNull(clock, "clock");
    for (Map.Entry<ImageRef, Digest> e : seed.entrySet()) {
      ImageRef k = key(e.getKey());
      if (this.references.contains(k) && e.getValue() != null) {
        state.put(k, new Seen(e.getValue(), List.of()));
      }
    }
    this.ordered = List.copyOf(refs);
  }

  /**
   * The key a reference is watched under: registry in lower case, repository, tag, no digest.
   *
   * @throws IllegalArgumentException when {@code ref} has no tag or has a digest
   */
  public static ImageRef key(ImageRef ref) {
    if (ref.tag() == null || ref.digest() != null) {
      throw new IllegalArgumentException(
          "a watched base must be a tag without digest, got \"" + ref + "\"");
    }
    return new ImageRef(ref.registry().toLowerCase(Locale.ROOT), ref.repository(), ref.tag(), null);
  }

  /** The watched references, in configuration order. */
  public List<ImageRef> references() {
    return ordered;
  }

  /** Whether {@code ref} (tag, digest ignored) is watched. */
  public boolean isWatched(ImageRef ref) {
    return ref.tag() != null && references.contains(key(ref.withTag(ref.tag())));
  }

  /** The digest {@code ref} was last seen at, if any. */
  public Optional<Digest> lastDigest(ImageRef ref) {
    Seen s = state.get(key(ref));
    return s == null ? Optional.empty() : Optional.of(s.current());
  }

  /** Every reference's last seen digest (unseen ones absent), to persist and pass as seed. */
  public Map<ImageRef, Digest> snapshot() {
    Map<ImageRef, Digest> m = new LinkedHashMap<>();
    for (ImageRef r : ordered) {
      Seen s = state.get(r);
      if (s != null) {
        m.put(r, s.current());
      }
    }
    return m;
  }

  /** The clock that stamps updates. */
  public Clock clock() {
    return clock;
  }

  /**
   * A poll saw {@code ref} at {@code digest}: an update when it differs from the last seen digest;
   * empty when equal or when this is the first sighting (which seeds the state).
   *
   * @throws IllegalArgumentException when {@code ref} is not watched
   */
  public Optional<BaseUpdate> observe(ImageRef ref, Digest digest) {
    ImageRef k = watchedKey(ref);
    Objects.requireNonNull(digest, "digest");
    BaseUpdate[] fired = new BaseUpdate[1];
    state.compute(
        k,
        (key, s) -> {
          if (s == null) {
            return new Seen(digest, List.of());
          }
          if (s.current().equals(digest)) {
            return s;
          }
          fired[0] = new BaseUpdate(key, s.current(), digest, Source.POLL, clock.instant());
          return moved(s, digest);
        });
    return Optional.ofNullable(fired[0]);
  }

  /**
   * A webhook reported a push: an update when the event names a watched tag and a digest that is
   * neither the current one nor a recent earlier one. Pushes by digest (no tag) and pushes to
   * unwatched tags give nothing.
   */
  public Optional<BaseUpdate> onPush(PushEvent event) {
    if (event.tag() == null) {
      return Optional.empty();
    }
    ImageRef k = key(event.ref().withTag(event.tag()));
    if (!references.contains(k)) {
      return Optional.empty();
    }
    Digest digest = event.digest();
    BaseUpdate[] fired = new BaseUpdate[1];
    state.compute(
        k,
        (key, s) -> {
          if (s == null) {
            fired[0] = new BaseUpdate(key, null, digest, event.source(), clock.instant());
            return new Seen(digest, List.of());
          }
          if (s.current().equals(digest) || s.earlier().contains(digest)) {
            return s;
          }
          fired[0] = new BaseUpdate(key, s.current(), digest, event.source(), clock.instant());
          return moved(s, digest);
        });
    return Optional.ofNullable(fired[0]);
  }

  /** {@link #onPush} for each event, in order. */
  public List<BaseUpdate> onPush(List<PushEvent> events) {
    List<BaseUpdate> out = new ArrayList<>();
    for (PushEvent e : events) {
      onPush(e).ifPresent(out::add);
    }
    return out;
  }

  private static Seen moved(Seen s, Digest next) {
    List<Digest> earlier = new ArrayList<>(s.earlier().size() + 1);
    earlier.add(s.current());
    for (Digest d : s.earlier()) {
      if (earlier.size() >= HISTORY) {
        break;
      }
      if (!d.equals(next) && !earlier.contains(d)) {
        earlier.add(d);
      }
    }
    return new Seen(next, List.copyOf(earlier));
  }

  private ImageRef watchedKey(ImageRef ref) {
    ImageRef k = key(ref);
    if (!references.contains(k)) {
      throw new IllegalArgumentException("\"" + ref + "\" is not a watched base reference");
    }
    return k;
  }
}
