package io.drydock.vuln.suppress;

import io.drydock.vuln.OsvText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;

/** Bounded reads and one-line messages about untrusted files. */
final class Messages {
  private Messages() {}

  /**
   * The bytes of {@code file}, at most {@code max}; a larger file is refused without reading it
   * whole.
   */
  static byte[] read(Path file, int max) throws GateFileException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw new GateFileException(file + ": larger than " + max + " bytes, refused");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new GateFileException(file + ": no such file");
    } catch (GateFileException e) {
      throw e;
    } catch (IOException e) {
      throw new GateFileException(file + ": cannot read: " + oneLine(e.getMessage()));
    }
  }

  /** A Jackson syntax error as {@code file: line L, column C: problem}. */
  static GateFileException syntax(String file, String what, JacksonException e) {
    return syntax(file, what, e, e.processor() instanceof JsonParser p ? p : null);
  }

  /**
   * As {@link #syntax(String, String, JacksonException)}, taking the position from {@code parser}
   * when the exception has none (limits such as the nesting depth are reported without one).
   */
  static GateFileException syntax(String file, String what, JacksonException e, JsonParser parser) {
    TokenStreamLocation at = e.getLocation();
    if ((at == null || at.getLineNr() < 1) && parser != null) {
      at = parser.currentLocation();
    }
    String where =
        at == null || at.getLineNr() < 1
            ? ""
            : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
    return new GateFileException(
        file + ": " + where + "not valid " + what + ": " + oneLine(e.getOriginalMessage()));
  }

  /** {@code raw} in double quotes, control characters escaped, cut after 80 characters. */
  static String quote(String raw) {
    return OsvText.quote(raw);
  }

  /** The first line of {@code raw}, stripped and cut at 200 characters. */
  static String oneLine(String raw) {
    if (raw == null) {
      return "";
    }
    String line = raw.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
