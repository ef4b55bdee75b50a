package io.drydock.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.OciFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real HTTP server (JDK {@code HttpServer} on 127.0.0.1) that answers what no honest registry
 * would: broken JSON, schema 1, huge and endless bodies, HTML errors, lying digests. Every failure
 * must be one clear line.
 */
class HostileRegistryTest {
  private static final String OCTET = "application/octet-stream";

  /** Writes a response for an exchange. */
  interface Answer {
    void answer(HttpExchange ex) throws IOException;
  }

  private HttpServer server;
  private ExecutorService pool;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private RegistryClient client;
  private String host;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "hostile-registry");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            Answer a = answers.get(ex.getRequestURI().getPath());
            if (a == null && ex.getRequestURI().getPath().equals("/v2/")) {
              send(ex, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
            } else if (a == null) {
              send(
                  ex,
                  404,
                  "application/json",
                  "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"unknown\"}]}"
                      .getBytes(StandardCharsets.UTF_8),
                  Map.of());
            } else {
              a.answer(ex);
            }
          } catch (IOException ignored) {
            // the client hung up, as it should on endless bodies
          }
        });
    server.start();
    host = "127.0.0.1:" + server.getAddress().getPort();
    client =
        RegistryClient.create(
            RegistryOptions.defaults().withEnvironment(Map.of()).withRetry(RetryPolicy.NONE));
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  private static void send(
      HttpExchange ex, int status, String type, byte[] body, Map<String, String> headers)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    headers.forEach(ex.getResponseHeaders()::set);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static Answer fixed(int status, String type, String body) {
    return ex -> send(ex, status, type, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** Chunked transfer encoding, no Content-Length, bytes until the client hangs up. */
  private static Answer endless(String type) {
    return ex -> {
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(200, 0);
      byte[] junk = new byte[64 * 1024];
      java.util.Arrays.fill(junk, (byte) '{');
      try (OutputStream out = ex.getResponseBody()) {
        for (long sent = 0; sent < (1L << 34); sent += junk.length) {
          out.write(junk);
        }
      }
    };
  }

  private ImageRef ref(String repoTag) {
    return ImageRef.parse(host + "/" + repoTag);
  }

  @Test
  void invalidJsonManifestIsOneLine() {
    answers.put(
        "/v2/x/manifests/bad", fixed(200, MediaTypes.OCI_MANIFEST, "{\"schemaVersion\": 2,"));
    assertThatThrownBy(() -> client.getManifest(ref("x:bad")))
        .isInstanceOf(OciFormatException.class)
        .hasMessageStartingWith("manifest " + host + "/x:bad is not valid JSON")
        .hasMessageNotContaining("\n");
  }

  @Test
  void schema1ManifestIsRefused() {
    answers.put(
        "/v2/x/manifests/old",
        fixed(
            200,
            MediaTypes.DOCKER_SCHEMA1_SIGNED,
            "{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"old\",\"fsLayers\":[{\"blobSum\":\"sha256:"
                + "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4\"}]}"));
    assertThatThrownBy(() -> client.getManifest(ref("x:old")))
        .isInstanceOf(OciFormatException.class)
        .hasMessageContaining("is a Docker schema 1 manifest")
        .hasMessageNotContaining("\n");
  }

  @Test
  void manifestOverTheSizeLimitIsRefusedByHeaderAndByCount() {
    answers.put(
        "/v2/x/manifests/huge",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", MediaTypes.OCI_MANIFEST);
          ex.sendResponseHeaders(200, Json.MAX_DOCUMENT_BYTES + 1L);
          ex.getResponseBody().close();
        });
    answers.put("/v2/x/manifests/endless", endless(MediaTypes.OCI_MANIFEST));

    assertThatThrownBy(() -> client.getManifest(ref("x:huge")))
        .isInstanceOf(OciFormatException.class)
        .hasMessage(
            "manifest "
                + host
                + "/x:huge is "
                + (Json.MAX_DOCUMENT_BYTES + 1L)
                + " bytes, over the limit of "
                + Json.MAX_DOCUMENT_BYTES);
    assertThatThrownBy(() -> client.getManifest(ref("x:endless")))
        .isInstanceOf(OciFormatException.class)
        .hasMessage(
            "manifest "
                + host
                + "/x:endless is larger than the limit of "
                + Json.MAX_DOCUMENT_BYTES
                + " bytes");
  }

  @Test
  void endlessBlobBodyIsStoppedAtTheDescriptorSize() throws IOException {
    Digest d = Digest.sha256("small".getBytes(StandardCharsets.UTF_8));
    answers.put("/v2/x/blobs/" + d, endless(OCTET));
    Descriptor desc = Descriptor.of(OCTET, d, 5);
    try (InputStream in = client.openBlob(ref("x"), desc)) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(DigestMismatchException.class)
          .hasMessage(
              "blob " + d + " of " + host + "/x is larger than its descriptor's size of 5 bytes");
    }
  }

  @Test
  void blobWhoseContentLengthDisagreesFailsBeforeStreaming() {
    byte[] body = "0123456789".getBytes(StandardCharsets.UTF_8);
    Digest d = Digest.sha256(body);
    answers.put("/v2/x/blobs/" + d, ex -> send(ex, 200, OCTET, body, Map.of()));
    assertThatThrownBy(() -> client.openBlob(ref("x"), Descriptor.of(OCTET, d, 4)))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessage(
            "blob " + d + " of " + host + "/x: the registry sends 10 bytes, the descriptor says 4");
  }

  @Test
  void serverErrorWithAnHtmlBodyIsOneLineWithoutTheHtml() {
    answers.put(
        "/v2/x/manifests/boom",
        fixed(
            500,
            "text/html; charset=utf-8",
            "<html>\n<head><title>500 Internal Server Error</title></head>\n<body>nginx</body>\n</html>\n"));
    assertThatThrownBy(() -> client.getManifest(ref("x:boom")))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "manifest "
                + host
                + "/x:boom: GET http://"
                + host
                + "/v2/x/manifests/boom answered HTTP 500 (text/html body)");
  }

  @Test
  void manifestByDigestMustHashToIt() {
    Digest wanted = Digest.sha256("something else".getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}";
    answers.put("/v2/x/manifests/" + wanted, fixed(200, MediaTypes.OCI_INDEX, body));
    assertThatThrownBy(() -> client.getManifest(ref("x@" + wanted)))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("has digest " + Digest.sha256(body.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("expected " + wanted);
  }

  @Test
  void lyingDockerContentDigestIsCaught() {
    Digest lie = Digest.sha256("lie".getBytes(StandardCharsets.UTF_8));
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}";
    answers.put(
        "/v2/x/manifests/t",
        ex ->
            send(
                ex,
                200,
                MediaTypes.OCI_INDEX,
                body.getBytes(StandardCharsets.UTF_8),
                Map.of("Docker-Content-Digest", lie.toString())));
    assertThatThrownBy(() -> client.getManifest(ref("x:t")))
        .isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("but the registry says " + lie);
  }

  @Test
  void notARegistry() {
    assertThatThrownBy(() -> client.ping("127.0.0.1:1"))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "cannot connect to registry 127.0.0.1:1 (http://127.0.0.1:1/v2/): connection refused");
  }

  @Test
  void unresolvableHostIsNamed() {
    assertThatThrownBy(() -> client.getManifest(ImageRef.parse("no-such-host.invalid/app:v")))
        .isInstanceOf(RegistryException.class)
        .hasMessage("cannot resolve registry host no-such-host.invalid");
  }

  @Test
  void endlessErrorBodyDoesNotHang() {
    answers.put(
        "/v2/x/manifests/e",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "text/plain");
          ex.sendResponseHeaders(500, 0);
          try (OutputStream out = ex.getResponseBody()) {
            byte[] junk = new byte[8192];
            for (int i = 0; i < 1_000_000; i++) {
              out.write(junk);
            }
          }
        });
    assertThatThrownBy(() -> client.getManifest(ref("x:e")))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("answered HTTP 500");
  }

  @Test
  void stalledBlobBodyFailsInsteadOfHanging() throws IOException {
    Digest d = Digest.sha256(new byte[100]);
    answers.put(
        "/v2/x/blobs/" + d,
        ex -> {
          ex.getResponseHeaders().set("Content-Type", OCTET);
          ex.sendResponseHeaders(200, 100);
          OutputStream out = ex.getResponseBody();
          out.write(new byte[5]);
          out.flush();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    RegistryClient impatient =
        RegistryClient.create(
            RegistryOptions.defaults()
                .withEnvironment(Map.of())
                .withTimeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(300)));
    try (InputStream in = impatient.openBlob(ref("x"), Descriptor.of(OCTET, d, 100))) {
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(RegistryException.class)
          .hasMessage(
              "blob "
                  + d
                  + " of "
                  + host
                  + "/x: the connection to "
                  + host
                  + " failed after 5 of 100 bytes (no data received for 300 ms)");
    }
  }

  @Test
  void identityTokenIsExchangedWithAnOAuth2RefreshGrant(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
    String challenge = "Bearer realm=\"http://" + host + "/token\",service=\"hostile\"";
    java.util.List<String> forms = new java.util.concurrent.CopyOnWriteArrayList<>();
    answers.put(
        "/v2/",
        ex -> {
          ex.getResponseHeaders().set("WWW-Authenticate", challenge);
          send(ex, 401, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        });
    answers.put(
        "/token",
        ex -> {
          String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          forms.add(ex.getRequestMethod() + " " + form);
          boolean ok =
              ex.getRequestMethod().equals("POST")
                  && form.contains("grant_type=refresh_token")
                  && form.contains("refresh_token=the-refresh-token");
          send(
              ex,
              ok ? 200 : 401,
              "application/json",
              (ok ? "{\"access_token\":\"at-1\",\"expires_in\":600}" : "{}")
                  .getBytes(StandardCharsets.UTF_8),
              Map.of());
        });
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}";
    answers.put(
        "/v2/x/manifests/t",
        ex -> {
          boolean ok = "Bearer at-1".equals(ex.getRequestHeaders().getFirst("Authorization"));
          if (!ok) {
            ex.getResponseHeaders().set("WWW-Authenticate", challenge);
          }
          send(
              ex,
              ok ? 200 : 401,
              MediaTypes.OCI_INDEX,
              body.getBytes(StandardCharsets.UTF_8),
              Map.of());
        });
    java.nio.file.Files.writeString(
        dir.resolve("config.json"),
        "{\"auths\":{\""
            + host
            + "\":{\"auth\":\""
            + java.util.Base64.getEncoder()
                .encodeToString("<token>:".getBytes(StandardCharsets.UTF_8))
            + "\",\"identitytoken\":\"the-refresh-token\"}}}");
    RegistryClient c =
        RegistryClient.create(
            RegistryOptions.defaults().withEnvironment(Map.of("DOCKER_CONFIG", dir.toString())));

    assertThat(c.getManifest(ref("x:t")).bytes()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    assertThat(forms).hasSize(1);
    assertThat(forms.get(0))
        .startsWith("POST grant_type=refresh_token&service=hostile&client_id=drydock")
        .contains("scope=repository%3Ax%3Apull");
  }
}
