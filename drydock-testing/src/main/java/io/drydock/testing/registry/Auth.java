package io.drydock.testing.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may do what: no authentication, HTTP Basic, or the Docker token flow (a {@code Bearer}
 * challenge naming realm, service and scope; a token endpoint that checks Basic credentials and
 * issues opaque tokens scoped to repositories and actions). Thread-safe.
 */
final class Auth {
  static final String SERVICE = "inmem";
  static final int TOKEN_SECONDS = 300;

  enum Mode {
    NONE,
    BASIC,
    BEARER
  }

  private record Config(Mode mode, String user, String password) {}

  /**
   * What a token allows: repository name to actions; expiry on the {@link System#nanoTime} scale.
   */
  private record Grant(Map<String, Set<String>> actions, long expiresAtNanos) {
    boolean allows(String repo, String action) {
      Set<String> a = actions.get(repo);
      return a != null && (a.contains(action) || a.contains("*"));
    }
  }

  private volatile Config config = new Config(Mode.NONE, "", "");
  private final Map<String, Grant> tokens = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();

  void set(Mode mode, String user, String password) {
    config = new Config(mode, user, password);
    tokens.clear();
  }

  int tokensIssued() {
    return issued.get();
  }

  /**
   * Null when the request may do {@code action} ("pull", "push" or "delete") on {@code repo}, else
   * the 401 answer with its challenge. {@code repo} null means the base endpoint {@code /v2/},
   * which any authenticated request may reach.
   */
  Response check(Call call, String repo, String action, String tokenRealm) {
    Config c = config;
    String authz = call.header("Authorization");
    switch (c.mode) {
      case NONE:
        return null;
      case BASIC:
        if (basicMatches(authz, c)) {
          return null;
        }
        return Response.error(401, "UNAUTHORIZED", "authentication required")
            .header("WWW-Authenticate", "Basic realm=\"" + SERVICE + "\"");
      case BEARER:
      default:
        Grant g = grant(authz);
        if (g != null && (repo == null || g.allows(repo, action))) {
          return null;
        }
        StringBuilder challenge =
            new StringBuilder("Bearer realm=\"")
                .append(tokenRealm)
                .append("\",service=\"")
                .append(SERVICE)
                .append('"');
        if (repo != null) {
          String actions = action.equals("push") ? "pull,push" : action;
          challenge.append(",scope=\"repository:").append(repo).append(':').append(actions);
          challenge.append('"');
          if (g != null) {
            challenge.append(",error=\"insufficient_scope\"");
          }
        }
        return Response.error(
                401,
                g == null ? "UNAUTHORIZED" : "DENIED",
                g == null
                    ? "authentication required"
                    : "token does not grant " + action + " on " + repo)
            .header("WWW-Authenticate", challenge.toString());
    }
  }

  /** Whether the request may pull from {@code repo} (used for cross-repository mounts). */
  boolean mayPull(Call call, String repo) {
    Config c = config;
    if (c.mode != Mode.BEARER) {
      return true;
    }
    Grant g = grant(call.header("Authorization"));
    return g != null && g.allows(repo, "pull");
  }

  /** {@code GET /token?service=..&scope=..}: the token endpoint of the bearer flow. */
  Response token(Call call) {
    Config c = config;
    if (c.mode != Mode.BEARER) {
      return Response.text(404, "404 page not found\n");
    }
    String service = call.queryParam("service");
    if (service != null && !service.equals(SERVICE)) {
      return Response.json(
          400,
          Map.of(
              "errors",
              List.of(Map.of("code", "DENIED", "message", "unknown service: " + service))));
    }
    boolean anonymous = c.user.isEmpty() && c.password.isEmpty();
    if (!anonymous && !basicMatches(call.header("Authorization"), c)) {
      return Response.error(401, "UNAUTHORIZED", "token request with missing or wrong credentials")
          .header("WWW-Authenticate", "Basic realm=\"" + SERVICE + "-token\"");
    }
    Map<String, Set<String>> actions = new HashMap<>();
    for (String param : call.queryParams("scope")) {
      for (String scope : param.trim().split(" +")) {
        // repository:<name>:<actions>; only repository scopes are granted
        if (!scope.startsWith("repository:") || scope.lastIndexOf(':') <= "repository:".length()) {
          continue;
        }
        String name = scope.substring("repository:".length(), scope.lastIndexOf(':'));
        Set<String> granted = actions.computeIfAbsent(name, n -> new HashSet<>());
        for (String a : scope.substring(scope.lastIndexOf(':') + 1).split(",")) {
          if (Set.of("pull", "push", "delete", "*").contains(a)) {
            granted.add(a);
          }
        }
      }
    }
    byte[] raw = new byte[24];
    random.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Map<String, Set<String>> frozen = new HashMap<>();
    actions.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
    tokens.put(
        token, new Grant(Map.copyOf(frozen), System.nanoTime() + TOKEN_SECONDS * 1_000_000_000L));
    issued.incrementAndGet();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("token", token);
    body.put("access_token", token);
    body.put("expires_in", TOKEN_SECONDS);
    body.put("issued_at", Instant.now().toString());
    return Response.json(200, body);
  }

  private Grant grant(String authz) {
    if (authz == null || !authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    Grant g = tokens.get(authz.substring(7).trim());
    if (g == null || System.nanoTime() - g.expiresAtNanos > 0) {
      return null;
    }
    return g;
  }

  private static boolean basicMatches(String authz, Config c) {
    if (authz == null || !authz.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(authz.substring(6).trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    byte[] expected = (c.user + ":" + c.password).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expected);
  }
}
