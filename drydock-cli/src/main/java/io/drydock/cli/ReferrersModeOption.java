package io.drydock.cli;

import io.drydock.sign.ReferrersMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * cosign's {@code --registry-referrers-mode} for the commands that store signatures or attestations
 * ({@code sign}, {@code attest}); any other value is a usage error (exit 2).
 */
final class ReferrersModeOption {
  @Option(
      names = "--registry-referrers-mode",
      paramLabel = "MODE",
      defaultValue = "legacy",
      converter = Converter.class,
      description = {
        "Where to store it, as cosign: legacy (the sha256-<hex>.sig or .att tag, default) or",
        "oci-1-1 (an OCI 1.1 referrer of the image; verification reads both)."
      })
  ReferrersMode mode = ReferrersMode.LEGACY;

  static final class Converter implements ITypeConverter<ReferrersMode> {
    @Override
    public ReferrersMode convert(String value) {
      try {
        return ReferrersMode.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
