package io.drydock.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.server.DrydockServer;
import io.drydock.server.ServerConfig;
import io.drydock.server.db.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dashboard's HTTP side: no token, caching, compression, security headers, bad names. */
class DashboardPartTest {
  @TempDir static Path dir;
  static DrydockServer server;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws IOException {
    ServerConfig d = ServerConfig.defaults(dir);
    ServerConfig config =
        new ServerConfig(
            TestDatabases.sqliteUrl(dir),
            null,
            null,
            "127.0.0.1",
            0,
            dir,
            dir.resolve("db"),
            1,
            d.lease(),
            null,
            null,
            null,
            null,
            null);
    server = DrydockServer.start(config, Clock.systemUTC(), List.of(DashboardPart.factory()));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** The hashed asset names the page refers to, e.g. {@code app.0123456789abcdef.js}. */
  static List<String> assetNames() throws Exception {
    Matcher m = Pattern.compile("/ui/(app\\.[0-9a-f]{16}\\.(?:js|css))").matcher(text(get("/")));
    List<String> names = new java.util.ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  void thePageLoadsWithoutATokenWithAStrictPolicyAndHashedAssets() throws Exception {
    HttpResponse<byte[]> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(header(r, "Content-Type")).startsWith("text/html");
    assertThat(header(r, "Content-Security-Policy"))
        .startsWith("default-src 'self'; script-src 'self'; style-src 'self';")
        .contains("object-src 'none'", "frame-ancestors 'none'")
        .doesNotContain("unsafe");
    assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(header(r, "X-Frame-Options")).isEqualTo("DENY");
    assertThat(header(r, "Cache-Control")).isEqualTo("no-cache");
    assertThat(header(r, "ETag")).matches("W/\"[0-9a-f]{32}\"");
    String html = text(r);
    assertThat(html).doesNotContain("/ui/app.js", "/ui/app.css", "style=", "<script>");
    assertThat(assetNames()).hasSize(2);
    assertThat(text(get("/index.html"))).isEqualTo(html);
  }

  @Test
  void hashedAssetsAreImmutableAndTheirNameIsTheirContentHash() throws Exception {
    for (String name : assetNames()) {
      HttpResponse<byte[]> r = get("/ui/" + name);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
      assertThat(header(r, "Content-Security-Policy")).isEqualTo(DashboardPart.CSP);
      assertThat(header(r, "Content-Type"))
          .startsWith(name.endsWith(".js") ? "text/javascript" : "text/css");
      String hash = name.split("\\.")[1];
      assertThat(DashboardAssets.sha256(r.body())).startsWith(hash);
      // the plain name serves the same bytes but revalidates
      HttpResponse<byte[]> plain = get("/ui/app." + name.substring(name.lastIndexOf('.') + 1));
      assertThat(plain.body()).isEqualTo(r.body());
      assertThat(header(plain, "Cache-Control")).isEqualTo("no-cache");
    }
  }

  @Test
  void aMatchingETagAnswers304WithoutABody() throws Exception {
    String js = assetNames().get(0);
    String etag = header(get("/ui/" + js), "ETag");
    String strong = etag.substring(2);
    for (String inm : List.of(etag, strong, "\"other\", " + etag, "*")) {
      HttpResponse<byte[]> r = get("/ui/" + js, "If-None-Match", inm);
      assertThat(r.statusCode()).as(inm).isEqualTo(304);
      assertThat(r.body()).isEmpty();
    }
    for (String inm : List.of("\"other\"", "garbage", ",,,", "W/", "x".repeat(4000))) {
      assertThat(get("/ui/" + js, "If-None-Match", inm).statusCode()).as(inm).isEqualTo(200);
    }
    String page = header(get("/"), "ETag");
    assertThat(get("/", "If-None-Match", page).statusCode()).isEqualTo(304);
  }

  @Test
  void gzipIsSentOnlyToClientsThatAcceptIt() throws Exception {
    String js = assetNames().get(0);
    byte[] plain = get("/ui/" + js).body();
    HttpResponse<byte[]> gz = get("/ui/" + js, "Accept-Encoding", "deflate, gzip");
    assertThat(header(gz, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(gz, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(gz.body().length).isLessThan(plain.length / 2);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
    HttpResponse<byte[]> refused = get("/ui/" + js, "Accept-Encoding", "gzip;q=0");
    assertThat(header(refused, "Content-Encoding")).isNull();
    assertThat(refused.body()).isEqualTo(plain);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "gzip|true",
        "GZIP|true",
        "br, gzip;q=0.5|true",
        "gzip ; q=1.0|true",
        "gzip;q=0|false",
        "gzip; q=0.000|false",
        "x-gzip|false",
        "identity|false",
        "*|false",
        ";;;,,,|false",
      })
  void acceptEncodingIsReadAsHttpSays(String header, boolean gzip) {
    assertThat(DashboardPart.acceptsGzip(header)).isEqualTo(gzip);
  }

  @Test
  void unknownOrHostileAssetNamesAreA404WithOneJsonLine() throws Exception {
    HttpResponse<byte[]> r = get("/ui/nope.js");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(header(r, "Content-Type")).startsWith("application/json");
    assertThat(text(r)).isEqualTo("{\"error\":\"no dashboard asset nope.js\"}");
    String hostile = "%3Cscript%3E" + "a".repeat(400) + ".js";
    HttpResponse<byte[]> h = get("/ui/" + hostile);
    assertThat(h.statusCode()).isEqualTo(404);
    assertThat(text(h))
        .startsWith("{\"error\":\"no dashboard asset <script>aaa")
        .hasSizeLessThan(160);
    assertThat(text(h)).doesNotContain("\n");
    // another version's hash is not served under this one's name
    assertThat(get("/ui/app.0000000000000000.js").statusCode()).isEqualTo(404);
    assertThat(get("/ui/../index.html").statusCode()).isNotEqualTo(200);
  }

  @Test
  void theAssetsLoadNothingFromElsewhereAndNeverWriteMarkupFromStrings() throws Exception {
    StringBuilder all = new StringBuilder(text(get("/")));
    for (String name : assetNames()) {
      all.append(text(get("/ui/" + name)));
    }
    // The SVG namespace is an identifier, not something fetched.
    String code = all.toString().replace("'http://www.w3.org/2000/svg'", "");
    assertThat(code).doesNotContainPattern("(?i)https?://").doesNotContain("//cdn", "@import");
    String js = text(get("/ui/" + assetNames().get(0)));
    assertThat(js)
        .doesNotContain(
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
            "setAttribute('style'",
            "localStorage");
  }
}
