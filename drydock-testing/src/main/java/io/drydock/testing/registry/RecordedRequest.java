package io.drydock.testing.registry;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request as the {@link InMemoryRegistry} received it, recorded before any fault or
 * authentication decision.
 *
 * @param method the HTTP method, e.g. {@code "GET"}
 * @param path the raw path including the query, as sent, e.g. {@code /v2/a/tags/list?n=2}
 * @param headers the request headers; names are looked up case-insensitively; unmodifiable
 * @param host the {@code Host} header ({@code 127.0.0.1:PORT} or, after a redirect, {@code
 *     localhost:PORT}), or {@code ""} when absent
 */
public record RecordedRequest(
    String method, String path, Map<String, List<String>> headers, String host) {
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(host, "host");
    Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((k, v) -> copy.merge(k, List.copyOf(v), RecordedRequest::concat));
    headers = Collections.unmodifiableMap(copy);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** The first value of header {@code name} (case-insensitive), if sent. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
