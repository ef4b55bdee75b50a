package io.drydock.sbom.format;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What an SBOM writer needs besides the {@link io.drydock.sbom.Sbom}: the tool version to name
 * itself with, the clock for the document timestamp, and the source of serial numbers (CycloneDX
 * {@code serialNumber}, SPDX {@code documentNamespace}). Tests inject a fixed clock and UUID so
 * that output is byte-for-byte stable. Immutable.
 *
 * @param toolVersion Drydock's version ({@code 0.1.0}), never {@code null}
 * @param clock read once per document, truncated to seconds
 * @param uuids called once per document
 */
public record FormatOptions(String toolVersion, Clock clock, Supplier<UUID> uuids) {
  public FormatOptions {
    Objects.requireNonNull(toolVersion, "toolVersion");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(uuids, "uuids");
  }

  /**
   * The real defaults: the jar's {@code Implementation-Version} (or {@code "dev"} when run from
   * classes), the UTC system clock and random UUIDs.
   */
  public static FormatOptions defaults() {
    String v = FormatOptions.class.getPackage().getImplementationVersion();
    return new FormatOptions(v == null ? "dev" : v, Clock.systemUTC(), UUID::randomUUID);
  }

  /** The same options with a fixed timestamp and serial, for reproducible output. */
  public FormatOptions fixed(Clock fixedClock, UUID serial) {
    return new FormatOptions(toolVersion, fixedClock, () -> serial);
  }
}
