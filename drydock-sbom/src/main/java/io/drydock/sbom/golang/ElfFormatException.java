package io.drydock.sbom.golang;

import java.io.IOException;

/**
 * The file's content is not what it claims to be: an ELF file whose tables or offsets are out of
 * range, or Go build info that cannot be decoded. The message names the problem, not the file;
 * {@link GoBinaryExtractor} adds the file's path.
 */
final class ElfFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  ElfFormatException(String message) {
    super(message);
  }
}
