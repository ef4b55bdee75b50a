package io.drydock.testing.registry;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves the OCI distribution API from a {@link Store}: routing, authorisation, fault injection and
 * writing. Hand-written on the JDK's {@code com.sun.net.httpserver} (the agreed API; no
 * dependency): a scripted mock server such as mockwebserver3 would still need this whole state
 * machine (uploads, mounts, tags, referrers, tokens) written as its dispatcher, and drydock-testing
 * is meant to be an independent oracle for the client, so it shares no code with it. Building each
 * answer before writing it is what lets faults truncate, corrupt or slow exactly its body.
 * Thread-safe: one instance serves all exchanges concurrently.
 */
final class DistributionHandler implements HttpHandler {
  private static final String NAME = "(" + Store.NAME.pattern() + ")";
  private static final Pattern UPLOADS = Pattern.compile("/v2/" + NAME + "/blobs/uploads/?");
  private static final Pattern UPLOAD =
      Pattern.compile("/v2/" + NAME + "/blobs/uploads/([A-Za-z0-9-]+)");
  private static final Pattern BLOB = Pattern.compile("/v2/" + NAME + "/blobs/([^/]+)");
  private static final Pattern MANIFEST = Pattern.compile("/v2/" + NAME + "/manifests/([^/]+)");
  private static final Pattern TAGS = Pattern.compile("/v2/" + NAME + "/tags/list");
  private static final Pattern REFERRERS = Pattern.compile("/v2/" + NAME + "/referrers/([^/]+)");
  private static final Pattern CONTENT_RANGE =
      Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  private static final String PRESIGNED = "X-Inmem-Signature";
  private static final String INDEX = "application/vnd.oci.image.index.v1+json";

  private final InMemoryRegistry registry;
  private final Store store;
  private final Auth auth;
  private final Faults faults;

  /** Signatures of redirect URLs handed out, to the digest each may fetch. */
  private final Map<String, String> presigned = new ConcurrentHashMap<>();

  DistributionHandler(InMemoryRegistry registry, Store store, Auth auth, Faults faults) {
    this.registry = registry;
    this.store = store;
    this.auth = auth;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange exchange) {
    try {
      Call call = new Call(exchange);
      registry.record(call);
      Response r;
      Fault bodyFault = null;
      Optional<Fault> status =
          faults.take(
              f -> f.kind() == Fault.Kind.STATUS && f.matches(call.method, call.rawPathAndQuery));
      if (status.isPresent()) {
        r = faultResponse(status.get());
      } else {
        r = answer(call);
        if (call.method.equals("GET")
            && (r.status == 200 || r.status == 206)
            && r.body != null
            && r.body.length > 0) {
          int length = r.body.length;
          bodyFault =
              faults
                  .take(f -> isBodyFault(f, length) && f.matches(call.method, call.rawPathAndQuery))
                  .orElse(null);
        }
      }
      drain(call);
      write(call, r, bodyFault);
    } catch (IOException | RuntimeException e) {
      // The client went away, or a truncation fault cut the body short on purpose; nothing to
      // answer. Closing the exchange below drops the connection.
    } finally {
      try {
        exchange.close();
      } catch (RuntimeException e) {
        // already closed
      }
    }
  }

  /**
   * Reads what is left of the request body (up to the body limit) before answering, so a client
   * still sending gets the early answer (401, 413, an injected fault) instead of a reset
   * connection. A body announced over the limit is not read: the connection is dropped after the
   * answer.
   */
  private static void drain(Call call) throws IOException {
    String length = call.header("Content-Length");
    try {
      if (length != null && Long.parseLong(length.trim()) > Store.MAX_BODY_BYTES) {
        return;
      }
    } catch (NumberFormatException e) {
      return;
    }
    InputStream in = call.exchange.getRequestBody();
    byte[] buf = new byte[64 * 1024];
    long total = 0;
    for (int n; total <= Store.MAX_BODY_BYTES && (n = in.read(buf)) > 0; ) {
      total += n;
    }
  }

  private static boolean isBodyFault(Fault f, int length) {
    return switch (f.kind()) {
      case TRUNCATE_BODY -> f.amount() < length;
      case CORRUPT_BODY, SLOW_BODY -> true;
      default -> false;
    };
  }

  private static Response faultResponse(Fault f) {
    String code =
        switch (f.statusCode()) {
          case 401 -> "UNAUTHORIZED";
          case 403 -> "DENIED";
          case 429 -> "TOOMANYREQUESTS";
          case 503 -> "UNAVAILABLE";
          default -> "UNKNOWN";
        };
    Response r = Response.error(f.statusCode(), code, "injected fault: " + f);
    if (f.retryAfter() >= 0) {
      r.header("Retry-After", Integer.toString(f.retryAfter()));
    }
    return r;
  }

  /** The answer to a request; never throws for bad input (that becomes an error answer). */
  private Response answer(Call call) {
    try {
      return route(call);
    } catch (ApiError e) {
      return e.toResponse();
    } catch (IOException e) {
      return Response.error(400, "BLOB_UPLOAD_INVALID", "reading the request body: " + e);
    } catch (RuntimeException e) {
      return Response.error(500, "UNKNOWN", "in-memory registry failed: " + e);
    }
  }

  private Response route(Call call) throws IOException {
    String p = call.path;
    String m = call.method;
    if (p.equals("/token")) {
      return m.equals("GET") ? auth.token(call) : unsupported(call);
    }
    if (p.equals("/v2/") || p.equals("/v2")) {
      if (!m.equals("GET") && !m.equals("HEAD")) {
        return unsupported(call);
      }
      Response denied = auth.check(call, null, "pull", registry.url() + "/token");
      return denied != null ? denied : Response.json(200, Map.of());
    }
    Matcher x;
    if ((x = UPLOADS.matcher(p)).matches()) {
      return m.equals("POST")
          ? authorized(call, x.group(1), "push", this::startUpload)
          : unsupported(call);
    }
    if ((x = UPLOAD.matcher(p)).matches()) {
      String name = x.group(1);
      String uuid = x.group(2);
      return switch (m) {
        case "PATCH" -> authorized(call, name, "push", (c, n) -> patchUpload(c, n, uuid));
        case "PUT" -> authorized(call, name, "push", (c, n) -> finishUpload(c, n, uuid));
        case "GET" -> authorized(call, name, "pull", (c, n) -> uploadStatus(n, uuid));
        case "DELETE" -> authorized(call, name, "push", (c, n) -> cancelUpload(n, uuid));
        default -> unsupported(call);
      };
    }
    if ((x = BLOB.matcher(p)).matches()) {
      String name = x.group(1);
      String digest = x.group(2);
      if (call.queryParam(PRESIGNED) != null && (m.equals("GET") || m.equals("HEAD"))) {
        return presignedBlob(call, digest);
      }
      return switch (m) {
        case "GET", "HEAD" -> authorized(call, name, "pull", (c, n) -> getBlob(c, n, digest));
        case "DELETE" -> authorized(call, name, "delete", (c, n) -> deleteBlob(n, digest));
        default -> unsupported(call);
      };
    }
    if ((x = MANIFEST.matcher(p)).matches()) {
      String name = x.group(1);
      String ref = x.group(2);
      return switch (m) {
        case "GET", "HEAD" -> authorized(call, name, "pull", (c, n) -> getManifest(n, ref));
        case "PUT" -> authorized(call, name, "push", (c, n) -> putManifest(c, n, ref));
        case "DELETE" -> authorized(call, name, "delete", (c, n) -> deleteManifest(n, ref));
        default -> unsupported(call);
      };
    }
    if ((x = TAGS.matcher(p)).matches()) {
      return m.equals("GET")
          ? authorized(call, x.group(1), "pull", this::tagList)
          : unsupported(call);
    }
    if ((x = REFERRERS.matcher(p)).matches() && registry.referrersEnabled()) {
      String digest = x.group(2);
      return m.equals("GET")
          ? authorized(call, x.group(1), "pull", (c, n) -> referrers(c, n, digest))
          : unsupported(call);
    }
    // What the CNCF distribution registry answers for paths it does not serve (including
    // /referrers/ on registries that predate the referrers API).
    return Response.text(404, "404 page not found\n");
  }

  @FunctionalInterface
  private interface Endpoint {
    Response serve(Call call, String name) throws IOException;
  }

  private Response authorized(Call call, String name, String action, Endpoint endpoint)
      throws IOException {
    Response denied = auth.check(call, name, action, registry.url() + "/token");
    return denied != null ? denied : endpoint.serve(call, name);
  }

  private static Response unsupported(Call call) {
    return Response.error(405, "UNSUPPORTED", call.method + " not supported on " + call.path);
  }

  // ---- blobs

  private Response getBlob(Call call, String name, String digest) {
    Store.requireDigest(digest);
    byte[] content = store.blobIn(name, digest);
    if (call.method.equals("GET")) {
      Optional<Fault> redirect =
          faults.take(
              f ->
                  f.kind() == Fault.Kind.REDIRECT_BLOBS
                      && f.matches(call.method, call.rawPathAndQuery));
      if (redirect.isPresent()) {
        String signature = UUID.randomUUID().toString();
        presigned.put(signature, digest);
        return Response.empty(307)
            .header(
                "Location",
                "http://localhost:"
                    + registry.port()
                    + "/v2/"
                    + name
                    + "/blobs/"
                    + digest
                    + "?"
                    + PRESIGNED
                    + "="
                    + signature);
      }
    }
    return blobContent(call, digest, content);
  }

  /** The redirect target: a storage URL that needs no credentials and refuses them. */
  private Response presignedBlob(Call call, String digest) {
    String signature = call.queryParam(PRESIGNED);
    if (!digest.equals(presigned.get(signature))) {
      return Response.error(403, "DENIED", "invalid signature for " + digest);
    }
    if (call.header("Authorization") != null) {
      return Response.error(
          400,
          "DENIED",
          "Authorization header sent to the redirected blob host "
              + call.host
              + ": credentials must not follow a redirect to another host");
    }
    byte[] content = store.blob(digest);
    if (content == null) {
      throw ApiError.blobUnknown(digest);
    }
    return blobContent(call, digest, content);
  }

  private static Response blobContent(Call call, String digest, byte[] content) {
    String range = call.header("Range");
    Matcher rm = range == null ? null : RANGE.matcher(range.trim());
    if (rm != null && rm.matches()) {
      long start = Long.parseLong(rm.group(1));
      long end = rm.group(2).isEmpty() ? content.length - 1 : Long.parseLong(rm.group(2));
      end = Math.min(end, content.length - 1);
      if (start > end) {
        return Response.error(416, "BLOB_UNKNOWN", "range " + range + " not satisfiable")
            .header("Content-Range", "bytes */" + content.length);
      }
      return Response.bytes(
              206,
              "application/octet-stream",
              Arrays.copyOfRange(content, (int) start, (int) end + 1))
          .header("Content-Range", "bytes " + start + "-" + end + "/" + content.length)
          .header("Docker-Content-Digest", digest);
    }
    return Response.bytes(200, "application/octet-stream", content)
        .header("Docker-Content-Digest", digest)
        .header("Accept-Ranges", "bytes");
  }

  private Response deleteBlob(String name, String digest) {
    Store.requireDigest(digest);
    if (!store.unlink(name, digest)) {
      throw ApiError.blobUnknown(digest);
    }
    return Response.empty(202);
  }

  // ---- uploads

  private Response startUpload(Call call, String name) throws IOException {
    String mount = call.queryParam("mount");
    String from = call.queryParam("from");
    if (mount != null) {
      Store.requireDigest(mount);
      if (from != null && store.hasBlob(from, mount) && auth.mayPull(call, from)) {
        store.link(name, mount);
        return blobCreated(name, mount);
      }
      return newUpload(name); // the client must upload after all
    }
    String digest = call.queryParam("digest");
    if (digest != null) {
      Store.requireDigest(digest);
      byte[] content = call.body(Store.MAX_BODY_BYTES);
      verify(digest, content);
      store.putVerifiedBlob(name, digest, content);
      return blobCreated(name, digest);
    }
    return newUpload(name);
  }

  private Response newUpload(String name) {
    Store.Upload u = store.newUpload(name);
    return uploadProgress(Response.empty(202), name, u.uuid, 0);
  }

  private static Response uploadProgress(Response r, String name, String uuid, long size) {
    // The _state parameter mimics the CNCF registry, whose upload URLs carry a query: clients
    // must add ?digest= with '&' when the location already has one.
    return r.header("Location", "/v2/" + name + "/blobs/uploads/" + uuid + "?_state=" + uuid)
        .header("Range", "0-" + Math.max(0, size - 1))
        .header("Docker-Upload-UUID", uuid);
  }

  private Response patchUpload(Call call, String name, String uuid) throws IOException {
    Store.Upload u = store.upload(name, uuid);
    byte[] chunk = call.body(Store.MAX_BODY_BYTES);
    long size;
    synchronized (u) {
      append(call, u, chunk);
      size = u.data.size();
    }
    return uploadProgress(Response.empty(202), name, uuid, size);
  }

  private Response finishUpload(Call call, String name, String uuid) throws IOException {
    Store.Upload u = store.upload(name, uuid);
    String digest = call.queryParam("digest");
    Store.requireDigest(digest);
    byte[] chunk = call.body(Store.MAX_BODY_BYTES);
    byte[] content;
    synchronized (u) {
      append(call, u, chunk);
      content = u.data.toByteArray();
    }
    store.endUpload(uuid);
    verify(digest, content);
    store.putVerifiedBlob(name, digest, content);
    return blobCreated(name, digest);
  }

  /** Appends a chunk after checking its {@code Content-Range} (when sent) and the size limit. */
  private static void append(Call call, Store.Upload u, byte[] chunk) {
    long size = u.data.size();
    String contentRange = call.header("Content-Range");
    if (contentRange != null && chunk.length > 0) {
      Matcher cr = CONTENT_RANGE.matcher(contentRange.trim());
      if (!cr.matches()
          || Long.parseLong(cr.group(1)) != size
          || Long.parseLong(cr.group(2)) - Long.parseLong(cr.group(1)) + 1 != chunk.length) {
        throw new ApiError(
            416,
            "BLOB_UPLOAD_INVALID",
            "Content-Range "
                + contentRange
                + " does not continue upload "
                + u.uuid
                + " at offset "
                + size
                + " with "
                + chunk.length
                + " bytes",
            Map.of("Range", "0-" + Math.max(0, size - 1), "Docker-Upload-UUID", u.uuid));
      }
    }
    if (size + chunk.length > Store.MAX_BODY_BYTES) {
      throw new ApiError(
          413,
          "SIZE_INVALID",
          "upload " + u.uuid + " would exceed " + Store.MAX_BODY_BYTES + " bytes");
    }
    u.data.write(chunk, 0, chunk.length);
  }

  private Response uploadStatus(String name, String uuid) {
    Store.Upload u = store.upload(name, uuid);
    long size;
    synchronized (u) {
      size = u.data.size();
    }
    return uploadProgress(Response.empty(204), name, uuid, size);
  }

  private Response cancelUpload(String name, String uuid) {
    store.upload(name, uuid);
    store.endUpload(uuid);
    return Response.empty(204);
  }

  private static void verify(String digest, byte[] content) {
    String actual = Store.digest(digest.substring(0, digest.indexOf(':')), content);
    if (!actual.equals(digest)) {
      throw ApiError.digestInvalid(
          "uploaded content has digest "
              + actual
              + " ("
              + content.length
              + " bytes), not "
              + digest);
    }
  }

  private static Response blobCreated(String name, String digest) {
    return Response.empty(201)
        .header("Location", "/v2/" + name + "/blobs/" + digest)
        .header("Docker-Content-Digest", digest);
  }

  // ---- manifests

  private Response getManifest(String name, String ref) {
    Store.StoredManifest m =
        store.manifest(name, ref).orElseThrow(() -> ApiError.manifestUnknown(name, ref));
    return Response.bytes(200, m.mediaType(), m.content())
        .header("Docker-Content-Digest", m.digest());
  }

  private Response putManifest(Call call, String name, String ref) throws IOException {
    byte[] raw = call.body(Store.MAX_MANIFEST_BYTES);
    Store.StoredManifest m = store.putManifest(name, ref, call.header("Content-Type"), raw, true);
    Response r =
        Response.empty(201)
            .header("Location", "/v2/" + name + "/manifests/" + m.digest())
            .header("Docker-Content-Digest", m.digest());
    if (m.subject() != null && registry.referrersEnabled()) {
      r.header("OCI-Subject", m.subject());
    }
    return r;
  }

  private Response deleteManifest(String name, String ref) {
    if (!store.deleteManifest(name, ref)) {
      throw ApiError.manifestUnknown(name, ref);
    }
    return Response.empty(202);
  }

  // ---- tags and referrers

  private Response tagList(Call call, String name) {
    List<String> all = store.tags(name).orElseThrow(() -> ApiError.nameUnknown(name));
    int n = registry.maxPageSize();
    String nParam = call.queryParam("n");
    if (nParam != null) {
      try {
        n = Math.min(n, Integer.parseInt(nParam));
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 0) {
        throw new ApiError(400, "PAGINATION_NUMBER_INVALID", "invalid page size n=" + nParam);
      }
    }
    String last = call.queryParam("last");
    List<String> after = new ArrayList<>();
    for (String t : all) {
      if (last == null || t.compareTo(last) > 0) {
        after.add(t);
      }
    }
    List<String> page = after.subList(0, Math.min(n, after.size()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("tags", page);
    Response r = Response.json(200, body);
    if (page.size() < after.size() && !page.isEmpty()) {
      r.header(
          "Link",
          "</v2/"
              + name
              + "/tags/list?n="
              + n
              + "&last="
              + page.get(page.size() - 1)
              + ">; rel=\"next\"");
    }
    return r;
  }

  private Response referrers(Call call, String name, String digest) {
    Store.requireDigest(digest);
    String artifactType = call.queryParam("artifactType");
    List<Map<String, Object>> descriptors = new ArrayList<>();
    for (Store.StoredManifest m : store.referrers(name, digest)) {
      if (artifactType != null && !artifactType.equals(m.artifactType())) {
        continue;
      }
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("mediaType", m.mediaType());
      d.put("digest", m.digest());
      d.put("size", m.content().length);
      if (m.artifactType() != null) {
        d.put("artifactType", m.artifactType());
      }
      if (!m.annotations().isEmpty()) {
        d.put("annotations", m.annotations());
      }
      descriptors.add(d);
    }
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", INDEX);
    index.put("manifests", descriptors);
    Response r = Response.json(200, index).header("Content-Type", INDEX);
    if (artifactType != null) {
      r.header("OCI-Filters-Applied", "artifactType");
    }
    return r;
  }

  // ---- writing

  private static void write(Call call, Response r, Fault bodyFault) throws IOException {
    HttpExchange ex = call.exchange;
    Headers h = ex.getResponseHeaders();
    h.set("Docker-Distribution-API-Version", "registry/2.0");
    r.headers.forEach(h::set);
    byte[] body = r.body;
    if (body == null || body.length == 0 || call.method.equals("HEAD")) {
      if (body != null && body.length > 0) {
        h.set("Content-Length", Integer.toString(body.length));
      }
      ex.sendResponseHeaders(r.status, -1);
      return;
    }
    ex.sendResponseHeaders(r.status, body.length);
    OutputStream out = ex.getResponseBody();
    if (bodyFault == null) {
      out.write(body);
      return;
    }
    switch (bodyFault.kind()) {
      case CORRUPT_BODY -> {
        byte[] bad = body.clone();
        bad[bad.length / 2] ^= (byte) 0xFF;
        out.write(bad);
      }
      case TRUNCATE_BODY -> {
        out.write(body, 0, (int) bodyFault.amount());
        out.flush();
        // Closing with bytes missing makes the JDK server drop the connection: the client sees
        // the Content-Length promised and fewer bytes.
        throw new IOException("truncated on purpose");
      }
      case SLOW_BODY -> {
        long rate = bodyFault.amount();
        int slice = (int) Math.max(1, Math.min(body.length, rate / 10));
        long pauseMillis = Math.max(1, slice * 1000L / rate);
        for (int off = 0; off < body.length; off += slice) {
          out.write(body, off, Math.min(slice, body.length - off));
          out.flush();
          if (off + slice < body.length) {
            try {
              Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IOException("registry stopping", e);
            }
          }
        }
      }
      default -> out.write(body);
    }
  }
}
