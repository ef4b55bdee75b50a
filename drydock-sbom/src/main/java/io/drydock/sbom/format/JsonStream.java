package io.drydock.sbom.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streaming access to one bounded JSON file: a parser over at most {@code maxBytes} bytes with the
 * nesting depth limited, and helpers that walk the top-level object and read array elements one
 * tree at a time, so memory follows the largest element, not the file. Not thread-safe; one
 * instance per pass; {@link #close()} closes the file.
 */
final class JsonStream implements AutoCloseable {
  /** The callback for one top-level field; the parser stands on the field's first value token. */
  interface FieldHandler {
    void field(String name, JsonStream in) throws IOException;
  }

  /** The callback for one array element, read as a tree. */
  interface ElementHandler {
    void element(JsonNode node) throws IOException;
  }

  private final Path file;
  private final JsonParser parser;

  JsonStream(Path file, SbomReader.Bounds bounds) throws IOException {
    this(file, Files.newInputStream(file), bounds);
  }

  /** Reads {@code raw} (closed by {@link #close()}); {@code file} names it in messages. */
  JsonStream(Path file, InputStream raw, SbomReader.Bounds bounds) throws IOException {
    this.file = file;
    JsonMapper mapper =
        JsonMapper.builder(
                JsonFactory.builder()
                    .streamReadConstraints(
                        StreamReadConstraints.builder()
                            .maxNestingDepth(bounds.maxNestingDepth())
                            .maxStringLength((int) Math.min(Integer.MAX_VALUE, bounds.maxBytes()))
                            .maxDocumentLength(bounds.maxBytes())
                            .build())
                    .build())
            .build();
    InputStream in = new BoundedInputStream(raw, bounds.maxBytes(), file);
    try {
      this.parser = mapper.createParser(in);
    } catch (JacksonException e) {
      in.close();
      throw SbomReader.problem(file, e);
    }
  }

  /** The parser, for callers that walk tokens themselves. */
  JsonParser parser() {
    return parser;
  }

  /**
   * Walks the top-level object, calling {@code handler} for each field; fields the handler does not
   * consume are skipped. Throws when the document is not a JSON object.
   */
  void forEachTopLevelField(FieldHandler handler) throws IOException {
    try {
      JsonToken t = parser.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new SbomFormatException(
            file + ": not an SBOM: expected a JSON object, found " + describe(t));
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        handler.field(name, this);
        skipValue();
      }
    } catch (JacksonException e) {
      throw SbomReader.problem(file, e);
    }
  }

  /**
   * Reads the array the parser stands on one element at a time. A value that is not an array is
   * skipped. The parser ends on the array's end token.
   */
  void forEachElement(ElementHandler handler) throws IOException {
    try {
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        return;
      }
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        JsonNode node = parser.readValueAsTree();
        handler.element(node);
      }
    } catch (JacksonException e) {
      throw SbomReader.problem(file, e);
    }
  }

  /** The value the parser stands on as a tree (the parser ends on its last token). */
  JsonNode tree() throws IOException {
    try {
      return parser.readValueAsTree();
    } catch (JacksonException e) {
      throw SbomReader.problem(file, e);
    }
  }

  /** The scalar the parser stands on as text, or {@code null} for objects, arrays and null. */
  String scalar() throws IOException {
    try {
      JsonToken t = parser.currentToken();
      return t != null && t.isScalarValue() && t != JsonToken.VALUE_NULL
          ? parser.getValueAsString()
          : null;
    } catch (JacksonException e) {
      throw SbomReader.problem(file, e);
    }
  }

  private void skipValue() {
    JsonToken t = parser.currentToken();
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      parser.skipChildren();
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "an empty file";
    }
    return switch (t) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.name();
    };
  }

  static String where(TokenStreamLocation loc) {
    if (loc == null || loc.getLineNr() < 0) {
      return "";
    }
    return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  @Override
  public void close() throws IOException {
    try {
      parser.close();
    } catch (JacksonException e) {
      // closing a read-only file: nothing to lose
    }
  }

  /** Fails with {@link SbomFormatException} once more than {@code max} bytes were read. */
  static final class BoundedInputStream extends InputStream {
    private final InputStream in;
    private final long max;
    private final Path file;
    private long count;

    BoundedInputStream(InputStream in, long max, Path file) {
      this.in = in;
      this.max = max;
      this.file = file;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) throws SbomFormatException {
      count += n;
      if (count > max) {
        throw SbomReader.tooLarge(file, max);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
