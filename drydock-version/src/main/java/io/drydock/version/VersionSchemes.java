package io.drydock.version;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The explicit catalogue of version schemes (no self-registration; a test checks it is complete).
 */
public final class VersionSchemes {
  private VersionSchemes() {}

  /** Every scheme Drydock has. */
  public static List<VersionScheme> all() {
    return List.of(
        // one scheme per line, so parallel additions merge trivially
        DebianVersionScheme.INSTANCE,
        RpmVersionScheme.INSTANCE,
        AlpineVersionScheme.INSTANCE,
        new MavenVersionScheme(),
        new NpmVersionScheme(),
        new GoVersionScheme(),
        new RubyGemsVersionScheme(),
        PypiVersionScheme.INSTANCE,
        new CargoVersionScheme(),
        new NuGetVersionScheme(),
        new ComposerVersionScheme(),
        new PubVersionScheme(),
        new HackageVersionScheme(),
        new CranVersionScheme());
  }

  /** {@link #all()} by name, built once: matching asks for a scheme per range it evaluates. */
  private static final Map<String, VersionScheme> BY_NAME = byNameOnce();

  private static Map<String, VersionScheme> byNameOnce() {
    Map<String, VersionScheme> m = new HashMap<>();
    for (VersionScheme s : all()) {
      m.putIfAbsent(s.name(), s);
    }
    return Map.copyOf(m);
  }

  /** The scheme called {@code name}, if any. */
  public static Optional<VersionScheme> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }
}
