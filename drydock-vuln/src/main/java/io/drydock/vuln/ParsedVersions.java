package io.drydock.vuln;

import io.drydock.version.InvalidVersionException;
import io.drydock.version.Version;
import io.drydock.version.VersionScheme;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Version parsing that keeps what it parsed: matching parses the same range events, listed and
 * fixed versions and installed versions for every package it looks up, so each text is parsed once
 * per parser (versions are immutable values; a failure is kept as its exception and thrown again).
 * Bounded: a parser's memory is cleared when it holds {@value #MAX} texts.
 */
final class ParsedVersions implements Function<String, Version> {
  static final int MAX = 100_000;

  private static final ConcurrentHashMap<String, VersionScheme> SCHEMES = new ConcurrentHashMap<>();

  private final Function<String, Version> parse;
  private final ConcurrentHashMap<String, Object> parsed = new ConcurrentHashMap<>();

  ParsedVersions(Function<String, Version> parse) {
    this.parse = parse;
  }

  /** {@code scheme}, parsing through one shared memory per scheme name. */
  static VersionScheme remembering(VersionScheme scheme) {
    return SCHEMES.computeIfAbsent(scheme.name(), n -> new Scheme(scheme));
  }

  @Override
  public Version apply(String raw) {
    Object hit = parsed.get(raw);
    if (hit == null) {
      try {
        hit = parse.apply(raw);
      } catch (InvalidVersionException e) {
        hit = e;
      }
      if (parsed.size() >= MAX) {
        parsed.clear();
      }
      parsed.put(raw, hit);
    }
    if (hit instanceof InvalidVersionException e) {
      throw e;
    }
    return (Version) hit;
  }

  /** A scheme whose {@link #parse} remembers; its name and order are the wrapped scheme's. */
  private static final class Scheme implements VersionScheme {
    private final VersionScheme scheme;
    private final ParsedVersions parsed;

    Scheme(VersionScheme scheme) {
      this.scheme = scheme;
      this.parsed = new ParsedVersions(scheme::parse);
    }

    @Override
    public String name() {
      return scheme.name();
    }

    @Override
    public Version parse(String raw) {
      return parsed.apply(raw);
    }
  }
}
