package io.drydock.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
final class YamlTree {
  /** Deepest nesting accepted. */
  static final int MAX_DEPTH = 32;

  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .loadSettings(
                      LoadSettings.builder()
                          .setCodePointLimit(PolicyFile.MAX_BYTES)
                          .setMaxAliasesForCollections(0)
                          .build())
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH + 2)
                          .maxDocumentLength(PolicyFile.MAX_BYTES)
                          .maxStringLength(PolicyFile.MAX_BYTES)
                          .build())
                  .build())
          .build();

  private YamlTree() {}

  /** A value with where it starts (1-based line and column). */
  sealed interface Node permits MapNode, ListNode, Scalar {
    int line();

    int column();
  }

  /** A mapping; keys in document order. */
  record MapNode(Map<String, Node> entries, int line, int column) implements Node {}

  /** A sequence. */
  record ListNode(List<Node> items, int line, int column) implements Node {}

  /** A scalar as written ({@code text} is {@code null} for YAML null and an empty document). */
  record Scalar(String text, int line, int column) implements Node {}

  /** Parses the first (and only) document of {@code bytes}; {@code file} names it in errors. */
  static Node parse(byte[] bytes, String file) throws PolicyException {
    try (JsonParser p = MAPPER.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return new Scalar(null, 1, 1);
      }
      Node root = value((YAMLParser) p, t, 0, file);
      if (p.nextToken() != null) {
        throw error(file, p.currentTokenLocation(), "more than one YAML document");
      }
      return root;
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where =
          at == null || at.getLineNr() < 1
              ? ""
              : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      String msg = String.valueOf(e.getOriginalMessage());
      int nl = msg.indexOf('\n');
      throw new PolicyException(
          file + ": " + where + "not valid YAML: " + (nl < 0 ? msg : msg.substring(0, nl)), e);
    }
  }

  private static Node value(YAMLParser p, JsonToken t, int depth, String file)
      throws PolicyException {
    TokenStreamLocation at = p.currentTokenLocation();
    if (p.isCurrentAlias()) {
      throw error(file, at, "YAML aliases (*" + p.getString() + ") are not supported");
    }
    if (depth > MAX_DEPTH) {
      throw error(file, at, "nested deeper than " + MAX_DEPTH + " levels");
    }
    int line = at.getLineNr();
    int column = at.getColumnNr();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          TokenStreamLocation keyAt = p.currentTokenLocation();
          if (p.isCurrentAlias()) {
            throw error(file, keyAt, "YAML aliases are not supported");
          }
          String key = p.currentName();
          Node v = value(p, p.nextToken(), depth + 1, file);
          if (entries.putIfAbsent(key, v) != null) {
            throw error(file, keyAt, "duplicate key \"" + key + "\"");
          }
        }
        return new MapNode(Collections.unmodifiableMap(entries), line, column);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          items.add(value(p, i, depth + 1, file));
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
  static PolicyException error(String file, TokenStreamLocation at, String problem) {
    return new PolicyException(
        file + ": line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem);
  }

  /** {@code file: line L, column C: problem} for a node. */
  static PolicyException error(String file, Node at, String problem) {
    return new PolicyException(
        file + ": line " + at.line() + ", column " + at.column() + ": " + problem);
  }
}
