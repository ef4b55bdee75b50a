package io.drydock.vuln.suppress;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * A YAML document read into plain maps, lists and strings that remember their line and column, for
 * messages that point at the entry. Safe by construction: snakeyaml-engine only tokenises (no tag
 * ever makes an object), aliases ({@code *name}) are refused rather than expanded, so an anchor
 * bomb costs no more than its text; nesting is limited to {@link #MAX_DEPTH}, duplicate keys are an
 * error, and only the first document of a stream is accepted.
 *
 * <p>The one reader of Drydock's own YAML files: ignore files here, policy files in drydock-policy
 * (which passes its own exception type to {@link #parse(byte[], String,
 * java.util.function.Function)}). Stateless and thread-safe.
 */
public final class YamlTree {
  /** Deepest nesting accepted. */
  static final int MAX_DEPTH = 32;

  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .loadSettings(
                      LoadSettings.builder()
                          .setCodePointLimit(IgnoreFile.MAX_BYTES)
                          .setMaxAliasesForCollections(0)
                          .build())
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH + 2)
                          .maxDocumentLength(IgnoreFile.MAX_BYTES)
                          .maxStringLength(IgnoreFile.MAX_BYTES)
                          .build())
                  .build())
          .build();

  private YamlTree() {}

  /** A value with where it starts (1-based line and column). */
  public sealed interface Node permits MapNode, ListNode, Scalar {
    int line();

    int column();
  }

  /** A mapping; keys in document order. */
  public record MapNode(Map<String, Node> entries, int line, int column) implements Node {}

  /** A sequence. */
  public record ListNode(List<Node> items, int line, int column) implements Node {}

  /** A scalar as written ({@code text} is {@code null} for YAML null and an empty document). */
  public record Scalar(String text, int line, int column) implements Node {}

  /** Parses the first (and only) document of {@code bytes}; {@code file} names it in errors. */
  static Node parse(byte[] bytes, String file) throws GateFileException {
    return parse(bytes, file, GateFileException::new);
  }

  /**
   * Parses the first (and only) document of {@code bytes} for any reader of Drydock's YAML files
   * (ignore files, policies): {@code file} names it in errors, which {@code errors} turns into the
   * caller's one-line exception ({@code file: line L, column C: problem}).
   */
  public static <E extends IOException> Node parse(
      byte[] bytes, String file, Function<String, E> errors) throws E {
    try (JsonParser p = MAPPER.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new Scalar(null, 1, 1);
      }
      Node root = value((YAMLParser) p, t, 0, file, errors);
      if (p.nextToken() != null) {
        throw errors.apply(message(file, p.currentTokenLocation(), "more than one YAML document"));
      }
      return root;
    } catch (JacksonException e) {
      throw errors.apply(Messages.syntax(file, "YAML", e).getMessage());
    }
  }

  private static <E extends IOException> Node value(
      YAMLParser p, JsonToken t, int depth, String file, Function<String, E> errors) throws E {
    TokenStreamLocation at = p.currentTokenLocation();
    if (p.isCurrentAlias()) {
      throw errors.apply(
          message(file, at, "YAML aliases (*" + p.getString() + ") are not supported"));
    }
    if (depth > MAX_DEPTH) {
      throw errors.apply(message(file, at, "nested deeper than " + MAX_DEPTH + " levels"));
    }
    int line = at.getLineNr();
    int column = at.getColumnNr();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          TokenStreamLocation keyAt = p.currentTokenLocation();
          if (p.isCurrentAlias()) {
            throw errors.apply(message(file, keyAt, "YAML aliases are not supported"));
          }
          String key = p.currentName();
          Node v = value(p, p.nextToken(), depth + 1, file, errors);
          if (entries.putIfAbsent(key, v) != null) {
            throw errors.apply(message(file, keyAt, "duplicate key " + Messages.quote(key)));
          }
        }
        return new MapNode(Collections.unmodifiableMap(entries), line, column);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          items.add(value(p, i, depth + 1, file, errors));
        }
        return new ListNode(List.copyOf(items), line, column);
      }
      case VALUE_NULL -> {
        return new Scalar(null, line, column);
      }
      default -> {
        return new Scalar(p.getString(), line, column);
      }
    }
  }

  /** {@code file: line L, column C: problem}. */
  static GateFileException error(String file, TokenStreamLocation at, String problem) {
    return new GateFileException(message(file, at, problem));
  }

  /** {@code file: line L, column C: problem} for a node. */
  static GateFileException error(String file, Node at, String problem) {
    return new GateFileException(message(file, at, problem));
  }

  /** {@code file: line L, column C: problem}. */
  public static String message(String file, TokenStreamLocation at, String problem) {
    return file + ": line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem;
  }

  /** {@code file: line L, column C: problem} for a node. */
  public static String message(String file, Node at, String problem) {
    return file + ": line " + at.line() + ", column " + at.column() + ": " + problem;
  }
}
