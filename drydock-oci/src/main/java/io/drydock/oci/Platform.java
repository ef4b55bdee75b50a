package io.drydock.oci;

import java.util.Locale;
import java.util.Objects;

/**
 * An image platform: {@code os/architecture[/variant]}, as in OCI index entries and image configs.
 *
 * <p>{@code variant} and {@code osVersion} may be {@code null}. Architecture aliases are normalised
 * the way containerd does ({@code x86_64 → amd64}, {@code aarch64 → arm64}) and {@code arm64} with
 * no variant matches {@code arm64/v8}.
 */
public record Platform(String os, String architecture, String variant, String osVersion) {

  /** Drydock's default platform, as Docker's on an amd64 Linux host. */
  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null, null);

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    os = os.toLowerCase(Locale.ROOT);
    architecture = normaliseArch(architecture.toLowerCase(Locale.ROOT));
    variant = variant == null || variant.isEmpty() ? null : variant.toLowerCase(Locale.ROOT);
    osVersion = osVersion == null || osVersion.isEmpty() ? null : osVersion;
  }

  /**
   * Parses {@code os/arch[/variant]} (the {@code --platform} flag); throws {@link
   * IllegalArgumentException} naming the input when it has not two or three non-empty parts.
   */
  public static Platform parse(String s) {
    Objects.requireNonNull(s, "platform");
    String[] parts = s.split("/", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException(
          "invalid platform \"" + s + "\": expected os/arch[/variant], e.g. linux/amd64");
    }
    for (String p : parts) {
      if (p.isEmpty() || !p.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "invalid platform \"" + s + "\": expected os/arch[/variant], e.g. linux/arm64/v8");
      }
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null, null);
  }

  /**
   * Whether an image of platform {@code candidate} can serve a request for this platform. OS and
   * architecture must be equal; a requested variant must match the candidate's (with the implied
   * defaults {@code arm64 → v8}, {@code arm → v7}); a request without a variant accepts any.
   */
  public boolean matches(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return false;
    }
    if (variant == null) {
      return true;
    }
    return variant.equals(effectiveVariant(candidate));
  }

  private static String effectiveVariant(Platform p) {
    if (p.variant != null) {
      return p.variant;
    }
    return switch (p.architecture) {
      case "arm64" -> "v8";
      case "arm" -> "v7";
      default -> null;
    };
  }

  private static String normaliseArch(String arch) {
    return switch (arch) {
      case "x86_64", "x86-64" -> "amd64";
      case "aarch64" -> "arm64";
      case "armhf", "armel" -> "arm";
      case "i386", "i686" -> "386";
      default -> arch;
    };
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
