package io.drydock.version;

import java.util.List;
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

  /** The scheme called {@code name}, if any. */
  public static Optional<VersionScheme> byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
