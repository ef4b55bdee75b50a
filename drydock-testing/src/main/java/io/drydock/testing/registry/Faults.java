package io.drydock.testing.registry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The faults an {@link InMemoryRegistry} still has to inject, in the order they were added. For
 * each request the first pending fault of each family (status, redirect, body) that matches and
 * applies fires; a fault with {@link Fault#times(int)} is removed once it has fired that often.
 *
 * <p>Thread-safe.
 */
public final class Faults {
  private static final class Slot {
    final Fault fault;
    int remaining;

    Slot(Fault fault) {
      this.fault = fault;
      this.remaining = fault.times();
    }
  }

  private final List<Slot> slots = new ArrayList<>(); // guarded by this

  Faults() {}

  /** Adds a fault after the ones already pending; returns this. */
  public synchronized Faults add(Fault fault) {
    slots.add(new Slot(Objects.requireNonNull(fault, "fault")));
    return this;
  }

  /** Removes every pending fault. */
  public synchronized void clear() {
    slots.clear();
  }

  /** The faults that can still fire, in order (a snapshot). */
  public synchronized List<Fault> pending() {
    List<Fault> out = new ArrayList<>();
    for (Slot s : slots) {
      out.add(s.fault);
    }
    return List.copyOf(out);
  }

  /** Uses up one firing of the first pending fault that {@code applies} accepts. */
  synchronized Optional<Fault> take(Predicate<Fault> applies) {
    for (Iterator<Slot> it = slots.iterator(); it.hasNext(); ) {
      Slot s = it.next();
      if (applies.test(s.fault)) {
        if (s.remaining != Integer.MAX_VALUE && --s.remaining == 0) {
          it.remove();
        }
        return Optional.of(s.fault);
      }
    }
    return Optional.empty();
  }
}
