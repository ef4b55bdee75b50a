package io.drydock.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A UTC clock tests move by hand (millisecond steps). Thread-safe. */
public final class MutableClock extends Clock {
  private final AtomicLong millis;

  /** A clock at 2023-11-14T22:13:20Z. */
  public MutableClock() {
    this(1_700_000_000_000L);
  }

  /** A clock at {@code epochMillis}. */
  public MutableClock(long epochMillis) {
    this.millis = new AtomicLong(epochMillis);
  }

  /** A clock at {@code start}. */
  public MutableClock(Instant start) {
    this(start.toEpochMilli());
  }

  /** Moves the clock forward by {@code d}. */
  public void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }

  /** Sets the clock to {@code epochMillis}. */
  public void set(long epochMillis) {
    millis.set(epochMillis);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
