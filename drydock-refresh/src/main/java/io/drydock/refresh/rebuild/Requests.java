package io.drydock.refresh.rebuild;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Helpers shared by the trigger kinds: URL checks, templated maps, basic auth. */
final class Requests {
  private Requests() {}

  static final String USER_AGENT = "drydock-refresh";

  /** Headers {@code java.net.http} sets itself and refuses. */
  static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  /**
   * Parses an absolute {@code http}/{@code https} base URL with a host and no query or fragment,
   * dropping trailing slashes. Plain {@code http} is allowed to loopback hosts, or to any host when
   * {@code insecure}.
   */
  static String baseUrl(String kind, String field, String url, boolean insecure) {
    String trimmed = url.replaceAll("/+$", "");
    URI uri = parse(kind, field, trimmed);
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          kind + " trigger: field \"" + field + "\": \"" + url + "\" must not have a query");
    }
    String problem = transportProblem(uri, insecure);
    if (problem != null) {
      throw new IllegalArgumentException(kind + " trigger: field \"" + field + "\": " + problem);
    }
    return trimmed;
  }

  static URI parse(String kind, String field, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          kind
              + " trigger: field \""
              + field
              + "\": \""
              + url
              + "\" is not a URL: "
              + e.getReason());
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          kind + " trigger: field \"" + field + "\": \"" + url + "\" is not an http(s) URL");
    }
    return uri;
  }

  /**
   * Why {@code uri} may not be used ({@code null}: it may): plain HTTP carries tokens in the clear,
   * so it is allowed only to loopback hosts, as for registries, unless {@code insecure}.
   */
  static String transportProblem(URI uri, boolean insecure) {
    if (uri.getScheme().equalsIgnoreCase("https") || insecure || isLoopback(uri.getHost())) {
      return null;
    }
    return "plain http to "
        + uri.getHost()
        + " would send credentials in the clear; use https, or set insecure: true";
  }

  static boolean isLoopback(String host) {
    return host.equals("localhost")
        || host.equals("[::1]")
        || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /** Checks that every value of {@code map} is a valid template ({@code field.key} in errors). */
  static Map<String, String> checkTemplates(String kind, String field, Map<String, String> map) {
    Map<String, String> copy = new LinkedHashMap<>(map);
    copy.forEach((k, v) -> Template.parse(v, field + "." + k));
    return java.util.Collections.unmodifiableMap(copy);
  }

  /** Renders every value of {@code map} (unescaped) in order. */
  static Map<String, String> render(
      Map<String, String> map,
      RebuildContext ctx,
      Function<String, String> env,
      Set<String> secrets,
      String what)
      throws RebuildException {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, String> vars = ctx.variables();
    for (Map.Entry<String, String> e : map.entrySet()) {
      out.put(
          e.getKey(),
          Template.parse(e.getValue(), e.getKey()).render(vars, env, s -> s, secrets, what));
    }
    return out;
  }

  /** {@code Basic base64(user:password)}; adds the Base64 part to {@code secrets}. */
  static String basic(String user, String password, Set<String> secrets) {
    String b64 =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    secrets.add(b64);
    return "Basic " + b64;
  }

  /** {@code k=v&k=v}, each part percent-encoded. */
  static String form(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(Template.urlEncode(e.getKey()))
          .append('=')
          .append(Template.urlEncode(e.getValue()));
    }
    return out.toString();
  }

  static RebuildException badUri(String what, String uri, String problem) {
    return new RebuildException(what + ": " + problem + " (" + uri + ")");
  }
}
