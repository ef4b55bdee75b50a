package io.drydock.report;

import io.drydock.sbom.format.FormatOptions;
import java.util.Objects;

/**
 * What a report encoder needs besides the scan result. Immutable.
 *
 * @param format tool version, clock (document timestamps) and serial numbers (CycloneDX {@code
 *     serialNumber}); inject fixed ones for reproducible output
 * @param color whether the table may use ANSI colours; the caller decides (the CLI: standard output
 *     is a terminal and {@code NO_COLOR} is unset). Machine formats ignore it.
 */
public record ReportOptions(FormatOptions format, boolean color) {
  public ReportOptions {
    Objects.requireNonNull(format, "format");
  }

  /** {@link FormatOptions#defaults()} without colour. */
  public static ReportOptions defaults() {
    return new ReportOptions(FormatOptions.defaults(), false);
  }

  /** The same options with colour switched on or off. */
  public ReportOptions withColor(boolean on) {
    return new ReportOptions(format, on);
  }
}
