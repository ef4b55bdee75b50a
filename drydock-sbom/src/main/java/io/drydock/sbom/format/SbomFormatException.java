package io.drydock.sbom.format;

import java.io.IOException;

/**
 * An SBOM file whose content Drydock cannot read: not JSON, not an SBOM, an unsupported version, or
 * beyond a {@link SbomReader.Bounds bound}. The message is one line that names the file and the
 * problem ({@code /tmp/a.json: CycloneDX 1.2 is not supported (supported: 1.4 to 1.7)}).
 */
public final class SbomFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public SbomFormatException(String message) {
    super(message);
  }
}
