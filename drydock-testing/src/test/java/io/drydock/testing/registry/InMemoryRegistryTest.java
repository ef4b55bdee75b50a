package io.drydock.testing.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drives the in-memory registry over real HTTP with the JDK client, as a registry client would. */
class InMemoryRegistryTest {
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  private static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  private static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private InMemoryRegistry reg;

  @BeforeEach
  void start() {
    reg = InMemoryRegistry.start();
  }

  @AfterEach
  void stop() {
    reg.close();
  }

  // ---- helpers

  private HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers)
      throws IOException, InterruptedException {
    String url = path.startsWith("http") ? path : reg.url() + path;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path, String... headers)
      throws IOException, InterruptedException {
    return send("GET", path, null, headers);
  }

  private static String sha256(byte[] b) throws Exception {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpResponse<byte[]> r) {
    return JSON.readTree(r.body());
  }

  private static String errorCode(HttpResponse<byte[]> r) {
    return json(r).get("errors").get(0).get("code").asString();
  }

  /** An image manifest for the given config and layer, with extra top-level fields. */
  private static byte[] manifest(
      String configDigest, int configSize, String layerDigest, int layerSize, String extra) {
    String json =
        "{\n  \"schemaVersion\": 2,\n  \"mediaType\": \""
            + OCI_MANIFEST
            + "\",\n  \"config\": {\"mediaType\": \""
            + OCI_CONFIG
            + "\", \"digest\": \""
            + configDigest
            + "\", \"size\": "
            + configSize
            + "},\n  \"layers\": [{\"mediaType\": \""
            + OCI_LAYER
            + "\", \"digest\": \""
            + layerDigest
            + "\", \"size\": "
            + layerSize
            + "}]"
            + (extra == null ? "" : ",\n  " + extra)
            + "\n}\n";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** Puts a config and a layer into {@code repo} over HTTP and returns a manifest for them. */
  private byte[] pushBlobsForManifest(String repo, String extra) throws Exception {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = random(300, 7);
    for (byte[] blob : List.of(config, layer)) {
      HttpResponse<byte[]> r =
          send("POST", "/v2/" + repo + "/blobs/uploads/?digest=" + sha256(blob), blob);
      assertThat(r.statusCode()).isEqualTo(201);
    }
    return manifest(sha256(config), config.length, sha256(layer), layer.length, extra);
  }

  private static String resolve(String location, String query) {
    return location + (location.contains("?") ? "&" : "?") + query;
  }

  // ---- base and blobs

  @Test
  void baseEndpointAnswersWithApiVersion() throws Exception {
    HttpResponse<byte[]> r = get("/v2/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Docker-Distribution-API-Version")).hasValue("registry/2.0");
    assertThat(reg.hostPort()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(reg.url()).isEqualTo("http://" + reg.hostPort());
  }

  @Test
  void monolithicUploadStoresTheBlobInTheRepository() throws Exception {
    byte[] blob = random(5000, 1);
    String digest = sha256(blob);
    HttpResponse<byte[]> r = send("POST", "/v2/team/app/blobs/uploads/?digest=" + digest, blob);
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).hasValue("/v2/team/app/blobs/" + digest);
    assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(digest);

    HttpResponse<byte[]> got = get("/v2/team/app/blobs/" + digest);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(blob);
    assertThat(got.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    assertThat(reg.blob(digest)).hasValueSatisfying(b -> assertThat(b).isEqualTo(blob));
    assertThat(reg.hasBlob("team/app", digest)).isTrue();
    assertThat(reg.hasBlob("other", digest)).isFalse();
  }

  @Test
  void monolithicUploadWithWrongDigestIsRefused() throws Exception {
    byte[] blob = random(100, 2);
    String wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> r = send("POST", "/v2/a/blobs/uploads/?digest=" + wrong, blob);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errorCode(r)).isEqualTo("DIGEST_INVALID");
    assertThat(reg.blob(wrong)).isEmpty();
    assertThat(reg.blob(sha256(blob))).isEmpty();
  }

  @Test
  void chunkedUploadWithPatchAndPut() throws Exception {
    byte[] blob = random(25, 3);
    String digest = sha256(blob);
    HttpResponse<byte[]> start = send("POST", "/v2/a/blobs/uploads/", null);
    assertThat(start.statusCode()).isEqualTo(202);
    String location = start.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/v2/a/blobs/uploads/").contains("?");
    assertThat(start.headers().firstValue("Docker-Upload-UUID")).isPresent();

    HttpResponse<byte[]> p1 =
        send(
            "PATCH",
            location,
            java.util.Arrays.copyOfRange(blob, 0, 10),
            "Content-Range",
            "0-9",
            "Content-Type",
            "application/octet-stream");
    assertThat(p1.statusCode()).isEqualTo(202);
    assertThat(p1.headers().firstValue("Range")).hasValue("0-9");
    location = p1.headers().firstValue("Location").orElseThrow();

    HttpResponse<byte[]> outOfOrder =
        send(
            "PATCH",
            location,
            java.util.Arrays.copyOfRange(blob, 15, 20),
            "Content-Range",
            "15-19");
    assertThat(outOfOrder.statusCode()).isEqualTo(416);
    assertThat(outOfOrder.headers().firstValue("Range")).hasValue("0-9");

    HttpResponse<byte[]> p2 =
        send(
            "PATCH",
            location,
            java.util.Arrays.copyOfRange(blob, 10, 20),
            "Content-Range",
            "10-19");
    assertThat(p2.statusCode()).isEqualTo(202);
    assertThat(p2.headers().firstValue("Range")).hasValue("0-19");

    HttpResponse<byte[]> put =
        send(
            "PUT",
            resolve(location, "digest=" + digest),
            java.util.Arrays.copyOfRange(blob, 20, 25));
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    assertThat(get("/v2/a/blobs/" + digest).body()).isEqualTo(blob);

    HttpResponse<byte[]> again = send("PATCH", location, new byte[] {1});
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(errorCode(again)).isEqualTo("BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void chunkedUploadWithWrongDigestIsRefused() throws Exception {
    HttpResponse<byte[]> start = send("POST", "/v2/a/blobs/uploads/", null);
    String location = start.headers().firstValue("Location").orElseThrow();
    send("PATCH", location, random(10, 4));
    String wrong = sha256(new byte[] {9});
    HttpResponse<byte[]> put = send("PUT", resolve(location, "digest=" + wrong), null);
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(errorCode(put)).isEqualTo("DIGEST_INVALID");
    assertThat(reg.blob(wrong)).isEmpty();
  }

  @Test
  void crossRepositoryMountSucceedsOnlyFromARepositoryHoldingTheBlob() throws Exception {
    byte[] blob = random(64, 5);
    String digest = reg.putBlob("src", blob);

    HttpResponse<byte[]> mounted =
        send("POST", "/v2/dst/blobs/uploads/?mount=" + digest + "&from=src", null);
    assertThat(mounted.statusCode()).isEqualTo(201);
    assertThat(mounted.headers().firstValue("Location")).hasValue("/v2/dst/blobs/" + digest);
    assertThat(mounted.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    assertThat(reg.hasBlob("dst", digest)).isTrue();

    HttpResponse<byte[]> notThere =
        send("POST", "/v2/dst2/blobs/uploads/?mount=" + digest + "&from=elsewhere", null);
    assertThat(notThere.statusCode()).isEqualTo(202);
    assertThat(notThere.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith("/v2/dst2/blobs/uploads/"));
    assertThat(reg.hasBlob("dst2", digest)).isFalse();
    assertThat(get("/v2/dst2/blobs/" + digest).statusCode()).isEqualTo(404);
  }

  @Test
  void blobHeadRangeAndUnknown() throws Exception {
    byte[] blob = random(1000, 6);
    String digest = reg.putBlob("a", blob);

    HttpResponse<byte[]> head = send("HEAD", "/v2/a/blobs/" + digest, null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("1000");
    assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    assertThat(head.body()).isEmpty();

    HttpResponse<byte[]> range = get("/v2/a/blobs/" + digest, "Range", "bytes=100-");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(blob, 100, 1000));
    assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 100-999/1000");

    HttpResponse<byte[]> unknown = get("/v2/a/blobs/" + sha256(new byte[] {1}));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(errorCode(unknown)).isEqualTo("BLOB_UNKNOWN");
    // Stored, but not given to repository b.
    assertThat(get("/v2/b/blobs/" + digest).statusCode()).isEqualTo(404);
    assertThat(send("HEAD", "/v2/b/blobs/" + digest, null).statusCode()).isEqualTo(404);
  }

  // ---- manifests

  @Test
  void manifestPutGetIsByteExactWithContentTypeAndDigest() throws Exception {
    byte[] raw = pushBlobsForManifest("team/app", "\"annotations\": {\"x\":  \"y\"}");
    String digest = sha256(raw);

    HttpResponse<byte[]> put =
        send("PUT", "/v2/team/app/manifests/1.0", raw, "Content-Type", OCI_MANIFEST);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    assertThat(put.headers().firstValue("Location")).hasValue("/v2/team/app/manifests/" + digest);
    assertThat(put.headers().firstValue("OCI-Subject")).isEmpty();

    for (String ref : List.of("1.0", digest)) {
      HttpResponse<byte[]> got = get("/v2/team/app/manifests/" + ref, "Accept", OCI_MANIFEST);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.body()).isEqualTo(raw);
      assertThat(got.headers().firstValue("Content-Type")).hasValue(OCI_MANIFEST);
      assertThat(got.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
      assertThat(got.headers().firstValue("Content-Length")).hasValue(Integer.toString(raw.length));
    }
    HttpResponse<byte[]> head = send("HEAD", "/v2/team/app/manifests/1.0", null);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(raw.length));
    assertThat(head.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
    assertThat(head.headers().firstValue("Content-Type")).hasValue(OCI_MANIFEST);

    assertThat(reg.manifest("team/app", "1.0"))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(raw));
    assertThat(reg.manifestMediaType("team/app", digest)).hasValue(OCI_MANIFEST);
    assertThat(reg.tags("team/app")).containsExactly("1.0");

    HttpResponse<byte[]> unknown = get("/v2/team/app/manifests/2.0");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(errorCode(unknown)).isEqualTo("MANIFEST_UNKNOWN");
  }

  @Test
  void manifestPushIsCheckedAgainstItsBlobsAndDigest() throws Exception {
    byte[] missing = manifest(sha256(new byte[] {1}), 1, sha256(new byte[] {2}), 1, null);
    HttpResponse<byte[]> r =
        send("PUT", "/v2/a/manifests/latest", missing, "Content-Type", OCI_MANIFEST);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errorCode(r)).isEqualTo("MANIFEST_BLOB_UNKNOWN");

    byte[] raw = pushBlobsForManifest("a", null);
    HttpResponse<byte[]> wrongDigest =
        send("PUT", "/v2/a/manifests/" + sha256(new byte[] {3}), raw, "Content-Type", OCI_MANIFEST);
    assertThat(wrongDigest.statusCode()).isEqualTo(400);
    assertThat(errorCode(wrongDigest)).isEqualTo("DIGEST_INVALID");

    HttpResponse<byte[]> notJson =
        send(
            "PUT",
            "/v2/a/manifests/x",
            "{not json".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            OCI_MANIFEST);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(errorCode(notJson)).isEqualTo("MANIFEST_INVALID");

    HttpResponse<byte[]> byDigest =
        send("PUT", "/v2/a/manifests/" + sha256(raw), raw, "Content-Type", OCI_MANIFEST);
    assertThat(byDigest.statusCode()).isEqualTo(201);
    assertThat(reg.tags("a")).isEmpty();
  }

  @Test
  void manifestDeleteByTagAndByDigest() throws Exception {
    byte[] raw = pushBlobsForManifest("a", null);
    send("PUT", "/v2/a/manifests/one", raw, "Content-Type", OCI_MANIFEST);
    send("PUT", "/v2/a/manifests/two", raw, "Content-Type", OCI_MANIFEST);
    assertThat(send("DELETE", "/v2/a/manifests/one", null).statusCode()).isEqualTo(202);
    assertThat(reg.tags("a")).containsExactly("two");
    assertThat(send("DELETE", "/v2/a/manifests/" + sha256(raw), null).statusCode()).isEqualTo(202);
    assertThat(reg.tags("a")).isEmpty();
    assertThat(get("/v2/a/manifests/" + sha256(raw)).statusCode()).isEqualTo(404);
  }

  @Test
  void seededManifestServesItsBlobs() throws Exception {
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = random(50, 8);
    String c = reg.putBlob(config);
    String l = reg.putBlob(layer);
    assertThat(reg.hasBlob("seed", l)).isFalse();
    byte[] raw = manifest(c, config.length, l, layer.length, null);
    String digest = reg.putManifest("seed", "v1", OCI_MANIFEST, raw);
    assertThat(digest).isEqualTo(sha256(raw));
    assertThat(get("/v2/seed/blobs/" + l).body()).isEqualTo(layer);
    assertThat(get("/v2/seed/manifests/v1").body()).isEqualTo(raw);
    assertThatThrownBy(() -> reg.putManifest("Bad Name", null, OCI_MANIFEST, raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Bad Name");
  }

  // ---- tags and referrers

  @Test
  void tagsArePagedWithLinkHeader() throws Exception {
    byte[] raw = pushBlobsForManifest("a", null);
    for (String tag : List.of("e", "b", "d", "a", "c")) {
      send("PUT", "/v2/a/manifests/" + tag, raw, "Content-Type", OCI_MANIFEST);
    }
    reg.setMaxPageSize(2);
    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String next = "/v2/a/tags/list";
    Pattern link = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    while (next != null) {
      HttpResponse<byte[]> r = get(next);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode body = json(r);
      assertThat(body.get("name").asString()).isEqualTo("a");
      JsonNode tags = body.get("tags");
      pageSizes.add(tags.size());
      for (int i = 0; i < tags.size(); i++) {
        seen.add(tags.get(i).asString());
      }
      next = null;
      if (r.headers().firstValue("Link").isPresent()) {
        Matcher m = link.matcher(r.headers().firstValue("Link").get());
        assertThat(m.find()).isTrue();
        next = m.group(1);
      }
    }
    assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    assertThat(pageSizes).containsExactly(2, 2, 1);

    HttpResponse<byte[]> small = get("/v2/a/tags/list?n=1&last=c");
    assertThat(json(small).get("tags").get(0).asString()).isEqualTo("d");
    assertThat(small.headers().firstValue("Link"))
        .hasValue("</v2/a/tags/list?n=1&last=d>; rel=\"next\"");
    HttpResponse<byte[]> unknown = get("/v2/nothing/tags/list");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(errorCode(unknown)).isEqualTo("NAME_UNKNOWN");
  }

  @Test
  void referrersApiListsManifestsWithSubjectAndFilters() throws Exception {
    byte[] subject = pushBlobsForManifest("a", null);
    String subjectDigest = sha256(subject);
    send("PUT", "/v2/a/manifests/app", subject, "Content-Type", OCI_MANIFEST);
    String subjectField =
        "\"subject\": {\"mediaType\": \""
            + OCI_MANIFEST
            + "\", \"digest\": \""
            + subjectDigest
            + "\", \"size\": "
            + subject.length
            + "}";
    byte[] sig =
        pushBlobsForManifest(
            "a",
            "\"artifactType\": \"application/vnd.dev.cosign.artifact.sig.v1+json\", "
                + subjectField
                + ", \"annotations\": {\"org.example\": \"sig\"}");
    byte[] sbom =
        pushBlobsForManifest("a", "\"artifactType\": \"application/spdx+json\", " + subjectField);

    HttpResponse<byte[]> put =
        send("PUT", "/v2/a/manifests/" + sha256(sig), sig, "Content-Type", OCI_MANIFEST);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("OCI-Subject")).hasValue(subjectDigest);
    send("PUT", "/v2/a/manifests/" + sha256(sbom), sbom, "Content-Type", OCI_MANIFEST);

    HttpResponse<byte[]> all = get("/v2/a/referrers/" + subjectDigest);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.oci.image.index.v1+json");
    JsonNode index = json(all);
    assertThat(index.get("schemaVersion").asInt()).isEqualTo(2);
    Map<String, JsonNode> byDigest = new LinkedHashMap<>();
    for (int i = 0; i < index.get("manifests").size(); i++) {
      JsonNode d = index.get("manifests").get(i);
      byDigest.put(d.get("digest").asString(), d);
    }
    assertThat(byDigest).containsOnlyKeys(sha256(sig), sha256(sbom));
    JsonNode sigDescriptor = byDigest.get(sha256(sig));
    assertThat(sigDescriptor.get("artifactType").asString())
        .isEqualTo("application/vnd.dev.cosign.artifact.sig.v1+json");
    assertThat(sigDescriptor.get("size").asLong()).isEqualTo(sig.length);
    assertThat(sigDescriptor.get("mediaType").asString()).isEqualTo(OCI_MANIFEST);
    assertThat(sigDescriptor.get("annotations").get("org.example").asString()).isEqualTo("sig");

    HttpResponse<byte[]> filtered =
        get("/v2/a/referrers/" + subjectDigest + "?artifactType=application/spdx%2Bjson");
    assertThat(filtered.headers().firstValue("OCI-Filters-Applied")).hasValue("artifactType");
    assertThat(json(filtered).get("manifests").size()).isEqualTo(1);
    assertThat(json(filtered).get("manifests").get(0).get("digest").asString())
        .isEqualTo(sha256(sbom));

    HttpResponse<byte[]> none = get("/v2/a/referrers/" + sha256(new byte[] {4}));
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(json(none).get("manifests").size()).isZero();
  }

  @Test
  void referrersApiOffAnswers404AndNoSubjectHeader() throws Exception {
    reg.setReferrersApi(false);
    byte[] subject = pushBlobsForManifest("a", null);
    String subjectDigest = sha256(subject);
    send("PUT", "/v2/a/manifests/app", subject, "Content-Type", OCI_MANIFEST);
    byte[] sig =
        pushBlobsForManifest(
            "a",
            "\"subject\": {\"mediaType\": \""
                + OCI_MANIFEST
                + "\", \"digest\": \""
                + subjectDigest
                + "\", \"size\": "
                + subject.length
                + "}");
    HttpResponse<byte[]> put =
        send(
            "PUT",
            "/v2/a/manifests/sha256-" + subjectDigest.substring(7),
            sig,
            "Content-Type",
            OCI_MANIFEST);
    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.headers().firstValue("OCI-Subject")).isEmpty();
    assertThat(get("/v2/a/referrers/" + subjectDigest).statusCode()).isEqualTo(404);

    reg.setReferrersApi(true);
    assertThat(get("/v2/a/referrers/" + subjectDigest).statusCode()).isEqualTo(200);
  }

  // ---- authentication

  @Test
  void basicAuthChallengesThenAccepts() throws Exception {
    byte[] blob = random(10, 9);
    String digest = reg.putBlob("a", blob);
    reg.requireBasicAuth("user", "s3cret");

    HttpResponse<byte[]> anonymous = get("/v2/");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\""));
    assertThat(errorCode(anonymous)).isEqualTo("UNAUTHORIZED");
    assertThat(get("/v2/", "Authorization", basic("user", "wrong")).statusCode()).isEqualTo(401);
    assertThat(get("/v2/a/blobs/" + digest).statusCode()).isEqualTo(401);

    assertThat(get("/v2/", "Authorization", basic("user", "s3cret")).statusCode()).isEqualTo(200);
    HttpResponse<byte[]> blobGet =
        get("/v2/a/blobs/" + digest, "Authorization", basic("user", "s3cret"));
    assertThat(blobGet.statusCode()).isEqualTo(200);
    assertThat(blobGet.body()).isEqualTo(blob);
  }

  private static Map<String, String> challengeParams(String header) {
    assertThat(header).startsWith("Bearer ");
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(header.substring(7));
    while (m.find()) {
      params.put(m.group(1), m.group(2));
    }
    return params;
  }

  private String token(Map<String, String> challenge, String scope, String authorization)
      throws Exception {
    // Several scopes are sent as repeated scope parameters, as clients do for a mount.
    StringBuilder url =
        new StringBuilder(challenge.get("realm"))
            .append("?service=")
            .append(challenge.get("service"));
    for (String one : scope.split(" ")) {
      url.append("&scope=").append(java.net.URLEncoder.encode(one, StandardCharsets.UTF_8));
    }
    HttpResponse<byte[]> r =
        authorization == null
            ? get(url.toString())
            : get(url.toString(), "Authorization", authorization);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json(r);
    assertThat(body.get("expires_in").asInt()).isEqualTo(300);
    assertThat(body.get("access_token").asString()).isEqualTo(body.get("token").asString());
    return body.get("token").asString();
  }

  @Test
  void bearerFlowIssuesScopedTokensAndEnforcesPullVersusPush() throws Exception {
    byte[] raw = pushBlobsForManifest("team/app", null);
    reg.requireBearerAuth("u", "p");

    HttpResponse<byte[]> challenge = get("/v2/team/app/manifests/latest");
    assertThat(challenge.statusCode()).isEqualTo(401);
    Map<String, String> params =
        challengeParams(challenge.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertThat(params)
        .containsEntry("realm", reg.url() + "/token")
        .containsEntry("service", "inmem")
        .containsEntry("scope", "repository:team/app:pull");

    HttpResponse<byte[]> noCredentials =
        get(params.get("realm") + "?service=inmem&scope=repository:team/app:pull");
    assertThat(noCredentials.statusCode()).isEqualTo(401);
    assertThat(reg.tokensIssued()).isZero();

    String pull = token(params, "repository:team/app:pull", basic("u", "p"));
    HttpResponse<byte[]> missing =
        get("/v2/team/app/manifests/latest", "Authorization", "Bearer " + pull);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(get("/v2/", "Authorization", "Bearer " + pull).statusCode()).isEqualTo(200);
    assertThat(get("/v2/other/tags/list", "Authorization", "Bearer " + pull).statusCode())
        .isEqualTo(401);

    HttpResponse<byte[]> pushWithPullToken =
        send(
            "PUT",
            "/v2/team/app/manifests/latest",
            raw,
            "Content-Type",
            OCI_MANIFEST,
            "Authorization",
            "Bearer " + pull);
    assertThat(pushWithPullToken.statusCode()).isEqualTo(401);
    Map<String, String> pushChallenge =
        challengeParams(pushWithPullToken.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertThat(pushChallenge)
        .containsEntry("scope", "repository:team/app:pull,push")
        .containsEntry("error", "insufficient_scope");

    String push = token(pushChallenge, pushChallenge.get("scope"), basic("u", "p"));
    HttpResponse<byte[]> pushed =
        send(
            "PUT",
            "/v2/team/app/manifests/latest",
            raw,
            "Content-Type",
            OCI_MANIFEST,
            "Authorization",
            "Bearer " + push);
    assertThat(pushed.statusCode()).isEqualTo(201);
    assertThat(get("/v2/team/app/manifests/latest", "Authorization", "Bearer " + push).body())
        .isEqualTo(raw);
    assertThat(get("/v2/team/app/manifests/latest", "Authorization", "Bearer forged").statusCode())
        .isEqualTo(401);
    assertThat(reg.tokensIssued()).isEqualTo(2);
  }

  @Test
  void bearerFlowWithAnonymousAccessAndMountScope() throws Exception {
    byte[] blob = random(20, 10);
    String digest = reg.putBlob("src", blob);
    reg.requireBearerAuth("", "");
    Map<String, String> params = Map.of("realm", reg.url() + "/token", "service", "inmem");

    String pushOnlyDst = token(params, "repository:dst:pull,push", null);
    HttpResponse<byte[]> notMounted =
        send(
            "POST",
            "/v2/dst/blobs/uploads/?mount=" + digest + "&from=src",
            null,
            "Authorization",
            "Bearer " + pushOnlyDst);
    assertThat(notMounted.statusCode()).isEqualTo(202);

    // Pull on the source repository too: now the mount may happen.
    String both = token(params, "repository:dst:pull,push repository:src:pull", null);
    HttpResponse<byte[]> mounted =
        send(
            "POST",
            "/v2/dst/blobs/uploads/?mount=" + digest + "&from=src",
            null,
            "Authorization",
            "Bearer " + both);
    assertThat(mounted.statusCode()).isEqualTo(201);
    assertThat(reg.tokensIssued()).isEqualTo(2);
  }

  // ---- faults

  @Test
  void status429WithRetryAfterThenSuccess() throws Exception {
    String digest = reg.putBlob("repo", random(10, 11));
    reg.faults().add(Fault.status(429).retryAfterSeconds(1).times(2).onPath("/v2/repo/blobs/"));

    assertThat(get("/v2/").statusCode()).isEqualTo(200); // other paths are untouched
    for (int i = 0; i < 2; i++) {
      HttpResponse<byte[]> r = get("/v2/repo/blobs/" + digest);
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(errorCode(r)).isEqualTo("TOOMANYREQUESTS");
    }
    assertThat(get("/v2/repo/blobs/" + digest).statusCode()).isEqualTo(200);
    assertThat(reg.faults().pending()).isEmpty();
  }

  @Test
  void status503OnAnyRequestOnce() throws Exception {
    reg.faults().add(Fault.status(503).times(1));
    HttpResponse<byte[]> r = get("/v2/");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(errorCode(r)).isEqualTo("UNAVAILABLE");
    assertThat(r.headers().firstValue("Retry-After")).isEmpty();
    assertThat(get("/v2/").statusCode()).isEqualTo(200);
  }

  @Test
  void statusFaultCanBeLimitedToAMethod() throws Exception {
    reg.faults().add(Fault.status(500).onMethod("put").onPath("/manifests/").times(1));
    byte[] raw = pushBlobsForManifest("a", null);
    assertThat(get("/v2/a/manifests/x").statusCode()).isEqualTo(404);
    assertThat(send("PUT", "/v2/a/manifests/x", raw, "Content-Type", OCI_MANIFEST).statusCode())
        .isEqualTo(500);
    assertThat(send("PUT", "/v2/a/manifests/x", raw, "Content-Type", OCI_MANIFEST).statusCode())
        .isEqualTo(201);
  }

  @Test
  void truncatedBodyFailsTheReadThenServesInFull() throws Exception {
    byte[] blob = random(1000, 12);
    String digest = reg.putBlob("a", blob);
    reg.faults().add(Fault.truncateBody(100).times(1).onPath("/blobs/"));

    // HEAD has no body: it does not use the fault up.
    assertThat(send("HEAD", "/v2/a/blobs/" + digest, null).statusCode()).isEqualTo(200);
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(URI.create(reg.url() + "/v2/a/blobs/" + digest)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).hasValue("1000");
    try (InputStream in = r.body()) {
      byte[] buf = new byte[2000];
      int total = 0;
      IOException failure = null;
      try {
        for (int n; (n = in.read(buf, total, buf.length - total)) > 0; ) {
          total += n;
        }
      } catch (IOException e) {
        failure = e;
      }
      assertThat(total).isLessThanOrEqualTo(100);
      assertThat(failure).isNotNull();
    }
    assertThat(get("/v2/a/blobs/" + digest).body()).isEqualTo(blob);
  }

  @Test
  void corruptBodyKeepsSizeButBreaksTheDigest() throws Exception {
    byte[] blob = random(1000, 13);
    String digest = reg.putBlob("a", blob);
    reg.faults().add(Fault.corruptBody().onPath("/blobs/"));
    for (int i = 0; i < 2; i++) {
      HttpResponse<byte[]> r = get("/v2/a/blobs/" + digest);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
      assertThat(r.body()).hasSize(1000);
      assertThat(sha256(r.body())).isNotEqualTo(digest);
    }
    assertThat(reg.blob(digest)).hasValueSatisfying(b -> assertThat(b).isEqualTo(blob));
  }

  @Test
  void slowBodyStillDeliversTheWholeContent() throws Exception {
    byte[] blob = random(2000, 14);
    String digest = reg.putBlob("a", blob);
    reg.faults().add(Fault.slowBody(10_000).onPath("/blobs/").times(1));
    HttpResponse<byte[]> r = get("/v2/a/blobs/" + digest);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(blob);
    assertThat(reg.faults().pending()).isEmpty();
  }

  @Test
  void redirectedBlobIsServedFromLocalhostWithoutCredentials() throws Exception {
    byte[] blob = random(500, 15);
    String digest = reg.putBlob("a", blob);
    reg.requireBasicAuth("u", "p");
    reg.faults().add(Fault.redirectBlobs());

    HttpResponse<byte[]> r = get("/v2/a/blobs/" + digest, "Authorization", basic("u", "p"));
    assertThat(r.statusCode()).isEqualTo(307);
    String location = r.headers().firstValue("Location").orElseThrow();
    int port = Integer.parseInt(reg.hostPort().substring(reg.hostPort().indexOf(':') + 1));
    assertThat(location).startsWith("http://localhost:" + port + "/v2/a/blobs/" + digest + "?");

    HttpResponse<byte[]> leaked = get(location, "Authorization", basic("u", "p"));
    assertThat(leaked.statusCode()).isEqualTo(400);
    assertThat(new String(leaked.body(), StandardCharsets.UTF_8)).contains("Authorization");

    HttpResponse<byte[]> followed = get(location);
    assertThat(followed.statusCode()).isEqualTo(200);
    assertThat(followed.body()).isEqualTo(blob);
    RecordedRequest last = reg.requests().get(reg.requests().size() - 1);
    assertThat(last.host()).isEqualTo("localhost:" + port);
    assertThat(last.header("Authorization")).isEmpty();

    // A forged signature does not open the store.
    String forged = location.replaceAll("=[^=&]+$", "=forged");
    assertThat(get(forged).statusCode()).isEqualTo(403);
    // Without credentials the registry itself still challenges before redirecting.
    assertThat(get("/v2/a/blobs/" + digest).statusCode()).isEqualTo(401);
  }

  @Test
  void faultsAreImmutableValues() {
    Fault base = Fault.status(503);
    Fault limited = base.times(2).onPath("/blobs/");
    assertThat(base.times()).isEqualTo(Integer.MAX_VALUE);
    assertThat(base.pathFragment()).isNull();
    assertThat(limited.times()).isEqualTo(2);
    assertThat(limited.toString()).isEqualTo("Fault.status(503).times(2).onPath(\"/blobs/\")");
    assertThatThrownBy(() -> Fault.corruptBody().retryAfterSeconds(1))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Fault.status(200)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> base.times(0)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- recording, limits, concurrency

  @Test
  void requestsAreRecordedWithPathQueryHeadersAndHost() throws Exception {
    get("/v2/");
    get("/v2/a/tags/list?n=2&last=b", "X-Probe", "one");
    List<RecordedRequest> requests = reg.requests();
    assertThat(requests).hasSize(2);
    RecordedRequest r = requests.get(1);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/v2/a/tags/list?n=2&last=b");
    assertThat(r.host()).isEqualTo(reg.hostPort());
    assertThat(r.header("x-probe")).hasValue("one");
    assertThat(r.headers().get("X-PROBE")).containsExactly("one");
    assertThatThrownBy(() -> r.headers().put("a", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    reg.clearRequests();
    assertThat(reg.requests()).isEmpty();
  }

  @Test
  void announcedBodiesOverTheLimitAreRefused() throws Exception {
    int port = Integer.parseInt(reg.hostPort().substring(reg.hostPort().indexOf(':') + 1));
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /v2/a/blobs/uploads/?digest=sha256:"
                  + "0".repeat(64)
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 600000000\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void concurrentUploadsAllLand() throws Exception {
    List<CompletableFuture<HttpResponse<byte[]>>> futures = new ArrayList<>();
    List<byte[]> blobs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] blob = random(2000 + i, 100 + i);
      blobs.add(blob);
      futures.add(
          http.sendAsync(
              HttpRequest.newBuilder(
                      URI.create(
                          reg.url() + "/v2/c" + (i % 4) + "/blobs/uploads/?digest=" + sha256(blob)))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(blob))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (CompletableFuture<HttpResponse<byte[]>> f : futures) {
      assertThat(f.get().statusCode()).isEqualTo(201);
    }
    for (int i = 0; i < blobs.size(); i++) {
      assertThat(reg.hasBlob("c" + (i % 4), sha256(blobs.get(i)))).isTrue();
    }
    assertThat(reg.requests()).hasSize(40);
  }

  @Test
  void unknownPathsAndMethods() throws Exception {
    assertThat(get("/v3/").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> r = send("POST", "/v2/a/manifests/x", new byte[0]);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(errorCode(r)).isEqualTo("UNSUPPORTED");
    HttpResponse<byte[]> badName = get("/v2/UPPER/tags/list");
    assertThat(badName.statusCode()).isEqualTo(404);
  }

  @Test
  void uploadStatusAndCancel() throws Exception {
    HttpResponse<byte[]> start = send("POST", "/v2/a/blobs/uploads", null);
    String location = start.headers().firstValue("Location").orElseThrow();
    send("PATCH", location, random(7, 16));
    HttpResponse<byte[]> status = get(location);
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.headers().firstValue("Range")).hasValue("0-6");
    assertThat(send("DELETE", location, null).statusCode()).isEqualTo(204);
    assertThat(get(location).statusCode()).isEqualTo(404);
    // An upload belongs to its repository.
    String other =
        send("POST", "/v2/b/blobs/uploads/", null).headers().firstValue("Location").orElseThrow();
    assertThat(send("PATCH", other.replace("/v2/b/", "/v2/a/"), new byte[] {1}).statusCode())
        .isEqualTo(404);
  }

  @Test
  void oversizedManifestIsRefused() throws Exception {
    byte[] big = new byte[4 * 1024 * 1024 + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '{';
    big[big.length - 1] = '}';
    HttpResponse<byte[]> r = send("PUT", "/v2/a/manifests/big", big, "Content-Type", OCI_MANIFEST);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(reg.tags("a")).isEmpty();
  }

  @Test
  void bearerChallengeForTheBaseEndpointHasNoScope() throws Exception {
    reg.requireBearerAuth("u", "p");
    HttpResponse<byte[]> r = get("/v2/");
    assertThat(r.statusCode()).isEqualTo(401);
    Map<String, String> params =
        challengeParams(r.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertThat(params).containsOnlyKeys("realm", "service");
    HttpResponse<byte[]> wrong =
        get(reg.url() + "/token?service=inmem", "Authorization", basic("u", "nope"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(
            get(reg.url() + "/token?service=other", "Authorization", basic("u", "p")).statusCode())
        .isEqualTo(400);
    String token = token(params, "registry:catalog:*", basic("u", "p"));
    assertThat(get("/v2/", "Authorization", "Bearer " + token).statusCode()).isEqualTo(200);
    assertThat(get("/v2/a/tags/list", "Authorization", "Bearer " + token).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aClosedRegistryRefusesConnections() {
    String url = reg.url();
    reg.close();
    reg.close(); // idempotent
    assertThatThrownBy(() -> get(url + "/v2/")).isInstanceOf(IOException.class);
  }

  @Test
  void hostileInputGetsClientErrorsNotServerErrors() throws Exception {
    String deep = "[".repeat(1000) + "]".repeat(1000);
    byte[] nested = ("{\"schemaVersion\":2,\"x\":" + deep + "}").getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> r =
        send("PUT", "/v2/a/manifests/deep", nested, "Content-Type", OCI_MANIFEST);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errorCode(r)).isEqualTo("MANIFEST_INVALID");

    HttpResponse<byte[]> array =
        send(
            "PUT",
            "/v2/a/manifests/arr",
            "[]".getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            OCI_MANIFEST);
    assertThat(array.statusCode()).isEqualTo(400);
    assertThat(errorCode(array)).isEqualTo("MANIFEST_INVALID");

    HttpResponse<byte[]> badDigest = get("/v2/a/blobs/sha256:nothex");
    assertThat(badDigest.statusCode()).isEqualTo(400);
    assertThat(errorCode(badDigest)).isEqualTo("DIGEST_INVALID");

    HttpResponse<byte[]> badTag =
        send(
            "PUT",
            "/v2/a/manifests/.hidden",
            pushBlobsForManifest("a", null),
            "Content-Type",
            OCI_MANIFEST);
    assertThat(badTag.statusCode()).isEqualTo(400);
    assertThat(errorCode(badTag)).isEqualTo("TAG_INVALID");

    HttpResponse<byte[]> badRange =
        send(
            "PATCH",
            send("POST", "/v2/a/blobs/uploads/", null)
                .headers()
                .firstValue("Location")
                .orElseThrow(),
            new byte[] {1, 2},
            "Content-Range",
            "garbage");
    assertThat(badRange.statusCode()).isEqualTo(416);
  }

  @Test
  void indexNeedsItsManifestsInTheRepository() throws Exception {
    byte[] child = pushBlobsForManifest("multi", null);
    String childDigest = sha256(child);
    byte[] index =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\""
                + OCI_MANIFEST
                + "\",\"digest\":\""
                + childDigest
                + "\",\"size\":"
                + child.length
                + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}")
            .getBytes(StandardCharsets.UTF_8);
    String indexType = "application/vnd.oci.image.index.v1+json";
    HttpResponse<byte[]> early =
        send("PUT", "/v2/multi/manifests/latest", index, "Content-Type", indexType);
    assertThat(early.statusCode()).isEqualTo(400);
    assertThat(errorCode(early)).isEqualTo("MANIFEST_BLOB_UNKNOWN");

    send("PUT", "/v2/multi/manifests/" + childDigest, child, "Content-Type", OCI_MANIFEST);
    HttpResponse<byte[]> ok =
        send("PUT", "/v2/multi/manifests/latest", index, "Content-Type", indexType);
    assertThat(ok.statusCode()).isEqualTo(201);
    HttpResponse<byte[]> got = get("/v2/multi/manifests/latest");
    assertThat(got.headers().firstValue("Content-Type")).hasValue(indexType);
    assertThat(got.body()).isEqualTo(index);
  }
}
