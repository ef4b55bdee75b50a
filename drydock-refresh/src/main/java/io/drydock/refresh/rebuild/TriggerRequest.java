package io.drydock.refresh.rebuild;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one HTTP request a {@link RebuildTrigger} makes, fully rendered (secrets included). Immutable
 * apart from {@code body}, which callers must not modify. {@link #toString()} and {@link
 * #redact(String)} hide the secrets; the accessors do not.
 *
 * @param what names the trigger in messages ({@code "github trigger acme/app"})
 * @param method {@code POST}, {@code PUT}, {@code PATCH} or {@code GET}
 * @param uri absolute {@code http} or {@code https} URI
 * @param headers header name → value, in sending order (no {@code Content-Length}, {@code Host})
 * @param body the body ({@code GET}: empty), never {@code null}
 * @param secrets the secret values the request carries (for redaction), never {@code null}
 */
public record TriggerRequest(
    String what,
    String method,
    URI uri,
    Map<String, String> headers,
    byte[] body,
    Set<String> secrets) {

  public TriggerRequest {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    body = body == null ? new byte[0] : body;
    secrets = Collections.unmodifiableSet(new LinkedHashSet<>(secrets));
  }

  /**
   * Secrets shorter than this are not replaced: a value of a character or three would turn every
   * message into asterisks, and says nothing about the real credential.
   */
  public static final int MIN_REDACTED_LENGTH = 4;

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * {@code text} with every secret of at least {@value #MIN_REDACTED_LENGTH} characters, as is and
   * percent-encoded, replaced by {@code ***} (the triggers add derived forms, such as a basic
   * credential's Base64, to {@link #secrets()}).
   */
  public String redact(String text) {
    String out = text;
    for (String s : secrets) {
      if (s.length() >= MIN_REDACTED_LENGTH) {
        out = out.replace(s, "***").replace(Template.urlEncode(s), "***");
      }
    }
    return out;
  }

  /** {@code METHOD uri} with secrets hidden, for messages. */
  public String display() {
    return method + " " + redact(uri.toString());
  }

  @Override
  public String toString() {
    return what
        + ": "
        + display()
        + " ("
        + body.length
        + " bytes, headers "
        + headers.keySet()
        + ")";
  }
}
