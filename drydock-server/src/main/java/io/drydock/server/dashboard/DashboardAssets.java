package io.drydock.server.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's files (one HTML page, one JS module, one CSS file), read once from the classpath,
 * with their content hashes and gzip forms computed up front so every request is a map look-up.
 *
 * <p>The page refers to its assets as {@code /ui/app.js} and {@code /ui/app.css}; this class
 * rewrites those references to content-hashed names ({@code /ui/app.3f2a….js}) so browsers may
 * cache the assets forever and still never run a stale script after an upgrade. Hand-written rather
 * than a build step because the dashboard has three files and must build with Maven alone.
 */
final class DashboardAssets {
  /** Where the files live on the classpath. */
  static final String ROOT = "/io/drydock/server/dashboard/";

  /** One servable file. */
  record Asset(String name, String contentType, byte[] body, byte[] gzip, String etag) {}

  private final Map<String, Asset> byName = new LinkedHashMap<>();
  private final Asset page;

  private DashboardAssets(Asset page, Map<String, Asset> assets) {
    this.page = page;
    this.byName.putAll(assets);
  }

  /** Reads and prepares the files; fails if one is missing from the jar. */
  static DashboardAssets load() {
    Map<String, Asset> assets = new LinkedHashMap<>();
    String html = new String(read("index.html"), StandardCharsets.UTF_8);
    for (String[] f :
        new String[][] {
          {"app.js", "text/javascript; charset=utf-8"}, {"app.css", "text/css; charset=utf-8"}
        }) {
      byte[] body = read(f[0]);
      String hash = sha256(body).substring(0, 16);
      int dot = f[0].lastIndexOf('.');
      String hashed = f[0].substring(0, dot) + "." + hash + f[0].substring(dot);
      // Both names are served: the hashed one is immutable, the plain one revalidates.
      assets.put(hashed, asset(hashed, f[1], body));
      assets.put(f[0], asset(f[0], f[1], body));
      String plainRef = "/ui/" + f[0];
      if (!html.contains(plainRef)) {
        throw new IllegalStateException("dashboard: index.html does not refer to " + plainRef);
      }
      html = html.replace(plainRef, "/ui/" + hashed);
    }
    return new DashboardAssets(
        asset("index.html", "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8)),
        assets);
  }

  /** The page, with hashed asset references. */
  Asset page() {
    return page;
  }

  /** The asset named {@code name} (hashed or plain), if there is one. */
  Optional<Asset> asset(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Whether {@code name} carries a content hash (so may be cached forever). */
  static boolean isHashed(String name) {
    return name.matches("[a-z]+\\.[0-9a-f]{16}\\.[a-z]+");
  }

  /** The names of all servable assets. */
  Iterable<String> names() {
    return byName.keySet();
  }

  private static Asset asset(String name, String type, byte[] body) {
    // Weak: the gzip and identity forms share it (RFC 9110 8.8.3: a strong ETag is per encoding).
    return new Asset(name, type, body, gzip(body), "W/\"" + sha256(body).substring(0, 32) + "\"");
  }

  private static byte[] read(String name) {
    try (InputStream in = DashboardAssets.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException("dashboard: " + ROOT + name + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("dashboard: cannot read " + ROOT + name, e);
    }
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
