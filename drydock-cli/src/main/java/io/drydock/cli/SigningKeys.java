package io.drydock.cli;

import io.drydock.oci.ImageRef;
import io.drydock.oci.Target;
import io.drydock.sign.KeyFileException;
import io.drydock.sign.KeyPairs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Key files and their password for the signing commands. The password comes from {@code
 * --key-password-file} (first line), else from {@code COSIGN_PASSWORD} (cosign's convention; an
 * empty value is an empty password); there is no prompt, so CI never hangs.
 */
final class SigningKeys {
  static final String PASSWORD_ENV = "COSIGN_PASSWORD";
  private static final long MAX_KEY_FILE = 64 * 1024;

  @Option(
      names = "--key-password-file",
      paramLabel = "FILE",
      description = "Read the private key's password from FILE (else COSIGN_PASSWORD).")
  Path passwordFile;

  /** The password, or {@code null} when neither the file nor the environment gives one. */
  byte[] password() throws IOException {
    if (passwordFile != null) {
      String text = Files.readString(passwordFile, StandardCharsets.UTF_8);
      return text.lines().findFirst().orElse("").getBytes(StandardCharsets.UTF_8);
    }
    String env = System.getenv(PASSWORD_ENV);
    return env == null ? null : env.getBytes(StandardCharsets.UTF_8);
  }

  PrivateKey privateKey(Path file) throws IOException {
    String pem = read(file);
    byte[] password = KeyPairs.isEncrypted(pem) ? password() : null;
    if (KeyPairs.isEncrypted(pem) && password == null) {
      throw new KeyFileException(
          file + ": the private key is encrypted: set COSIGN_PASSWORD or --key-password-file");
    }
    try {
      return KeyPairs.readPrivateKey(pem, password);
    } catch (KeyFileException e) {
      throw new KeyFileException(file + ": " + e.getMessage(), e);
    }
  }

  static PublicKey publicKey(Path file) throws IOException {
    try {
      return KeyPairs.readPublicKey(read(file));
    } catch (KeyFileException e) {
      throw new KeyFileException(file + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) throws IOException {
    if (Files.size(file) > MAX_KEY_FILE) {
      throw new KeyFileException(file + ": larger than " + MAX_KEY_FILE + " bytes; not a key file");
    }
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  /** {@code image} as a registry reference; other transports cannot hold signatures. */
  static ImageRef registryImage(String image) {
    if (Target.parse(image) instanceof Target.Registry r) {
      return r.ref();
    }
    throw new IllegalArgumentException(
        "\"" + image + "\": signatures live in a registry; give a registry image reference");
  }

  /** {@code 500ms}, {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}, {@code 0s}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern P = Pattern.compile("(\\d{1,9})(ms|[smhd])");

    @Override
    public Duration convert(String value) {
      Matcher m = P.matcher(value.strip().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new TypeConversionException(
            "invalid duration \""
                + value
                + "\" (expected a number and ms, s, m, h or d, e.g. 24h)");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
  }
}
