package io.drydock.oci.registry;

import static io.drydock.oci.registry.RegistryTransport.pull;
import static io.drydock.oci.registry.RegistryTransport.push;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.DigestMismatchException;
import io.drydock.oci.ImageDocument;
import io.drydock.oci.ImageDocuments;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Index;
import io.drydock.oci.Json;
import io.drydock.oci.Manifest;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.OciFormatException;
import io.drydock.oci.RawDocument;
import io.drydock.oci.content.ChunkInputStream;
import io.drydock.oci.content.VerifyingInputStream;
import io.drydock.oci.registry.RegistryTransport.Call;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A client for the OCI distribution API (and Docker Registry HTTP API v2), hand-written on {@code
 * java.net.http} because no library keeps manifests byte-exact and handles strict token flows (see
 * research/libraries.md §1).
 *
 * <p>One instance per CLI run; thread-safe. It pings each registry once (choosing HTTP or HTTPS per
 * {@link RegistryOptions}), authenticates on demand (Basic, or Bearer tokens cached per registry
 * and scope until they expire), retries per {@link RetryPolicy}, and names the registry, reference
 * and problem in one line in every {@link IOException} it throws ({@link RegistryException} for
 * transport and HTTP failures, {@link OciFormatException} for content that is not what it must be).
 *
 * <p>Repository-level methods take an {@link ImageRef} and use only its registry and repository.
 */
public final class RegistryClient implements AutoCloseable {
  private static final String ACCEPT = String.join(", ", MediaTypes.MANIFEST_ACCEPT);
  private static final int MAX_TAG_PAGES = 10_000;
  private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

  private final RegistryTransport transport;

  private RegistryClient(RegistryTransport transport) {
    this.transport = transport;
  }

  /**
   * A client for {@code options}. Reads the {@code --ca-cert} files now (failing with a message
   * naming a bad one); resolves credentials lazily, when a registry first asks for them.
   */
  public static RegistryClient create(RegistryOptions options) throws IOException {
    return new RegistryClient(new RegistryTransport(options));
  }

  public RegistryOptions options() {
    return transport.options();
  }

  /**
   * Checks that {@code registry} ({@code host[:port]}, {@code docker.io} for Docker Hub) answers
   * the distribution API; learns its scheme and authentication challenge.
   */
  public void ping(String registry) throws IOException {
    transport.ready(new ImageRef(registry, "ping", "latest", null));
  }

  /**
   * Resolves a tag (or checks a digest) cheaply with {@code HEAD}: the descriptor's media type is
   * the {@code Content-Type}, its digest the {@code Docker-Content-Digest} (or, when the registry
   * omits it, the digest of the manifest fetched with GET).
   */
  public Descriptor headManifest(ImageRef ref) throws IOException {
    Call call =
        new Call(
            "HEAD",
            ref,
            manifestPath(ref, ref.reference()),
            Map.of("Accept", ACCEPT),
            null,
            List.of(pull(ref)),
            "manifest " + ref,
            false);
    HttpResponse<InputStream> r = transport.send(call);
    RegistryTransport.discard(r);
    if (r.statusCode() != 200) {
      throw fail(call, r, "");
    }
    Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
    if (header.isEmpty()) {
      RawDocument doc = getManifest(ref);
      return Descriptor.of(doc.mediaType(), doc.digest(), doc.bytes().length);
    }
    Digest digest = parseDigest(header.get(), "Docker-Content-Digest of manifest " + ref);
    if (ref.digest() != null && !ref.digest().equals(digest)) {
      throw new DigestMismatchException(
          ref.digest(), "registry answered digest " + digest + " for manifest " + ref);
    }
    long size = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (size < 0) {
      RawDocument doc = getManifest(ref.withDigest(digest));
      return Descriptor.of(doc.mediaType(), doc.digest(), doc.bytes().length);
    }
    return Descriptor.of(contentType(r), digest, size);
  }

  /**
   * Fetches a manifest or index byte for byte. The digest is computed locally; when {@code ref} has
   * a digest the content must match it, and a {@code Docker-Content-Digest} header must match the
   * content. The document must be one Drydock reads (OCI or Docker v2 manifest or index: schema 1
   * and invalid JSON are refused) and at most {@link Json#MAX_DOCUMENT_BYTES}. The media type is
   * the document's own, else the {@code Content-Type}.
   */
  public RawDocument getManifest(ImageRef ref) throws IOException {
    return fetchManifest(ref, ref.reference(), "manifest " + ref).orElseThrow();
  }

  private Optional<RawDocument> fetchManifest(ImageRef ref, String reference, String what)
      throws IOException {
    return fetchManifest(ref, reference, what, false);
  }

  /** With {@code notFoundIsEmpty}, a 404 gives an empty result instead of an error. */
  private Optional<RawDocument> fetchManifest(
      ImageRef ref, String reference, String what, boolean notFoundIsEmpty) throws IOException {
    Call call =
        new Call(
            "GET",
            ref,
            manifestPath(ref, reference),
            Map.of("Accept", ACCEPT),
            null,
            List.of(pull(ref)),
            what,
            false);
    HttpResponse<InputStream> r = transport.send(call);
    if (r.statusCode() == 404 && notFoundIsEmpty) {
      RegistryTransport.discard(r);
      return Optional.empty();
    }
    if (r.statusCode() != 200) {
      throw fail(call, r, RegistryTransport.readErrorBody(r));
    }
    byte[] bytes = readDocument(r, what);
    Digest expected = reference.contains(":") ? parseDigest(reference, what) : null;
    Digest digest =
        expected != null
            ? Digest.of(expected.algorithm(), expected.newMessageDigest().digest(bytes))
            : Digest.sha256(bytes);
    if (expected != null && !digest.equals(expected)) {
      throw new DigestMismatchException(
          expected, what + " from the registry has digest " + digest + ", expected " + expected);
    }
    Optional<String> header = r.headers().firstValue("Docker-Content-Digest");
    if (header.isPresent()) {
      Digest claimed = parseDigest(header.get(), "Docker-Content-Digest of " + what);
      Digest ours =
          claimed.algorithm().equals(digest.algorithm())
              ? digest
              : Digest.of(claimed.algorithm(), claimed.newMessageDigest().digest(bytes));
      if (!ours.equals(claimed)) {
        throw new DigestMismatchException(
            claimed, what + " has digest " + ours + " but the registry says " + claimed);
      }
    }
    ImageDocument doc = ImageDocuments.parse(bytes, contentType(r), what);
    return Optional.of(new RawDocument(doc.mediaType(), bytes, digest));
  }

  private static byte[] readDocument(HttpResponse<InputStream> r, String what) throws IOException {
    long declared = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    try (InputStream in = r.body()) {
      if (declared > Json.MAX_DOCUMENT_BYTES) {
        throw new OciFormatException(
            what + " is " + declared + " bytes, over the limit of " + Json.MAX_DOCUMENT_BYTES);
      }
      byte[] bytes = in.readNBytes(Json.MAX_DOCUMENT_BYTES + 1);
      if (bytes.length > Json.MAX_DOCUMENT_BYTES) {
        throw new OciFormatException(
            what + " is larger than the limit of " + Json.MAX_DOCUMENT_BYTES + " bytes");
      }
      if (declared >= 0 && bytes.length != declared) {
        throw new OciFormatException(
            what + " is truncated: got " + bytes.length + " of " + declared + " bytes");
      }
      return bytes;
    } catch (OciFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new RegistryException(
          what + ": reading the answer from " + r.uri() + " failed: " + RegistryTransport.brief(e),
          0,
          e);
    }
  }

  /**
   * Streams a blob, verifying its digest and size at EOF and never delivering more than {@code
   * d.size()} bytes. Redirects (301, 302, 303, 307, 308; at most 5) are followed; {@code
   * Authorization} is sent only to the registry itself, never to the host a redirect points to. The
   * caller closes the stream.
   */
  public InputStream openBlob(ImageRef repo, Descriptor d) throws IOException {
    return new VerifyingInputStream(
        openBlobUnverified(repo, d),
        d.digest(),
        d.size(),
        "blob " + d.digest() + " of " + repo.name());
  }

  /** The blob's bytes as sent, with read errors named; verification is the caller's. */
  InputStream openBlobUnverified(ImageRef repo, Descriptor d) throws IOException {
    String what = "blob " + d.digest() + " of " + repo.name();
    Call call =
        Call.get(repo, blobPath(repo, d.digest()), what, List.of(pull(repo))).withRedirects();
    HttpResponse<InputStream> r = transport.send(call);
    if (r.statusCode() != 200) {
      throw fail(call, r, RegistryTransport.readErrorBody(r));
    }
    long length = r.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (length >= 0 && length != d.size()) {
      RegistryTransport.discard(r);
      throw new DigestMismatchException(
          d.digest(),
          what + ": the registry sends " + length + " bytes, the descriptor says " + d.size());
    }
    return new NamedInputStream(r.body(), what, r.uri(), d.size());
  }

  /** Whether the repository holds the blob ({@code HEAD}; 404 → {@code false}). */
  public boolean blobExists(ImageRef repo, Digest digest) throws IOException {
    Call call =
        new Call(
            "HEAD",
            repo,
            blobPath(repo, digest),
            Map.of(),
            null,
            List.of(pull(repo)),
            "blob " + digest + " of " + repo.name(),
            true);
    HttpResponse<InputStream> r = transport.send(call);
    RegistryTransport.discard(r);
    if (r.statusCode() == 200) {
      return true;
    }
    if (r.statusCode() == 404) {
      return false;
    }
    throw fail(call, r, "");
  }

  /** Uploads a blob from a file; see {@link #pushBlob(ImageRef, Descriptor, Supplier)}. */
  public void pushBlob(ImageRef repo, Descriptor d, Path file) throws IOException {
    long size = Files.size(file);
    if (size != d.size()) {
      throw new DigestMismatchException(
          d.digest(), "file " + file + " is " + size + " bytes, the descriptor says " + d.size());
    }
    upload(
        repo,
        d,
        () -> {
          try {
            return Files.newInputStream(file);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        size == 0
            ? HttpRequest.BodyPublishers::noBody
            : () -> HttpRequest.BodyPublishers.ofFile(file));
  }

  /**
   * Uploads a blob: monolithic ({@code POST} then {@code PUT ?digest=}) up to {@link
   * RegistryOptions#chunkThreshold()} bytes, chunked ({@code PATCH} with {@code Content-Range},
   * {@link RegistryOptions#chunkSize()} bytes each) above it. {@code content} must give a fresh
   * stream of exactly {@code d.size()} bytes on each call (it is called again to retry); the
   * registry verifies the digest. It does not check whether the blob exists first (see {@link
   * #blobExists} and {@link #mountBlob}).
   */
  public void pushBlob(ImageRef repo, Descriptor d, Supplier<InputStream> content)
      throws IOException {
    upload(
        repo,
        d,
        content,
        d.size() == 0
            ? HttpRequest.BodyPublishers::noBody
            : () ->
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(content), d.size()));
  }

  private void upload(
      ImageRef repo, Descriptor d, Supplier<InputStream> content, RegistryTransport.Body whole)
      throws IOException {
    String what = "upload of blob " + d.digest() + " to " + repo.name();
    URI location = startUpload(repo, what);
    RegistryOptions o = transport.options();
    if (d.size() > o.chunkThreshold()) {
      location = uploadChunks(repo, d, content, location, what);
      whole = HttpRequest.BodyPublishers::noBody;
    }
    Call put =
        new Call(
            "PUT",
            repo,
            withQuery(location, "digest=" + enc(d.digest().toString())).toString(),
            Map.of("Content-Type", "application/octet-stream"),
            whole,
            List.of(push(repo)),
            what,
            false);
    HttpResponse<InputStream> r = transport.send(put);
    if (r.statusCode() != 201 && r.statusCode() != 204 && r.statusCode() != 200) {
      throw fail(put, r, RegistryTransport.readErrorBody(r));
    }
    RegistryTransport.discard(r);
    checkDigestHeader(r, d.digest(), what);
  }

  private URI uploadChunks(
      ImageRef repo, Descriptor d, Supplier<InputStream> content, URI location, String what)
      throws IOException {
    int chunk = (int) Math.min(Integer.MAX_VALUE - 16, transport.options().chunkSize());
    byte[] buf = new byte[(int) Math.min(chunk, Math.max(1, d.size()))];
    long offset = 0;
    try (InputStream in = content.get()) {
      while (true) {
        int n = in.readNBytes(buf, 0, buf.length);
        if (n == 0) {
          break;
        }
        if (offset + n > d.size()) {
          throw new DigestMismatchException(
              d.digest(),
              what + ": content is larger than the descriptor's " + d.size() + " bytes");
        }
        final int len = n;
        Call patch =
            new Call(
                "PATCH",
                repo,
                location.toString(),
                Map.of(
                    "Content-Type",
                    "application/octet-stream",
                    "Content-Range",
                    offset + "-" + (offset + n - 1)),
                () -> HttpRequest.BodyPublishers.ofByteArray(buf, 0, len),
                List.of(push(repo)),
                what,
                false);
        HttpResponse<InputStream> r = transport.send(patch);
        if (r.statusCode() != 202 && r.statusCode() != 204) {
          throw fail(patch, r, RegistryTransport.readErrorBody(r));
        }
        RegistryTransport.discard(r);
        location = nextLocation(r, location, what);
        offset += n;
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (offset != d.size()) {
      throw new DigestMismatchException(
          d.digest(), what + ": content is " + offset + " bytes, the descriptor says " + d.size());
    }
    return location;
  }

  private URI startUpload(ImageRef repo, String what) throws IOException {
    Call post =
        new Call(
            "POST",
            repo,
            "/v2/" + repo.repository() + "/blobs/uploads/",
            Map.of(),
            HttpRequest.BodyPublishers::noBody,
            List.of(push(repo)),
            what,
            false);
    HttpResponse<InputStream> r = transport.send(post);
    if (r.statusCode() != 202) {
      throw fail(post, r, RegistryTransport.readErrorBody(r));
    }
    RegistryTransport.discard(r);
    return nextLocation(r, null, what);
  }

  private static URI nextLocation(HttpResponse<InputStream> r, URI previous, String what)
      throws RegistryException {
    Optional<String> loc = r.headers().firstValue("Location");
    if (loc.isEmpty()) {
      if (previous != null) {
        return previous;
      }
      throw new RegistryException(
          what + ": " + r.request().method() + " " + r.uri() + " answered no upload Location",
          r.statusCode(),
          null);
    }
    try {
      return r.uri().resolve(loc.get().trim());
    } catch (IllegalArgumentException e) {
      throw new RegistryException(what + ": invalid upload Location \"" + loc.get() + "\"");
    }
  }

  /**
   * Asks the registry to link a blob from another repository of the same registry ({@code POST
   * ?mount=&from=}, with a token for push on {@code repo} and pull on {@code fromRepo}). Returns
   * {@code true} when mounted (201); {@code false} when the registry cannot mount (it started an
   * upload instead, which is cancelled, or {@code fromRepo} is on another registry): then the
   * caller uploads.
   */
  public boolean mountBlob(ImageRef repo, ImageRef fromRepo, Digest digest) throws IOException {
    if (!fromRepo.registry().equals(repo.registry())) {
      return false;
    }
    String what = "mount of blob " + digest + " from " + fromRepo.name() + " to " + repo.name();
    Call post =
        new Call(
            "POST",
            repo,
            "/v2/"
                + repo.repository()
                + "/blobs/uploads/?mount="
                + enc(digest.toString())
                + "&from="
                + enc(fromRepo.repository()),
            Map.of(),
            HttpRequest.BodyPublishers::noBody,
            List.of(push(repo), pull(fromRepo)),
            what,
            false);
    HttpResponse<InputStream> r = transport.send(post);
    RegistryTransport.discard(r);
    if (r.statusCode() == 201) {
      checkDigestHeader(r, digest, what);
      return true;
    }
    if (r.statusCode() == 202) {
      Optional<String> loc = r.headers().firstValue("Location");
      if (loc.isPresent()) {
        cancelUpload(repo, r.uri().resolve(loc.get().trim()), what);
      }
      return false;
    }
    throw fail(post, r, "");
  }

  private void cancelUpload(ImageRef repo, URI location, String what) {
    try {
      HttpResponse<InputStream> r =
          transport.send(
              new Call(
                  "DELETE",
                  repo,
                  location.toString(),
                  Map.of(),
                  null,
                  List.of(push(repo)),
                  "cancel " + what,
                  false));
      RegistryTransport.discard(r);
    } catch (IOException ignored) {
      // best effort: the registry expires abandoned uploads
    }
  }

  /**
   * Pushes a manifest or index byte for byte under its own media type, to {@code ref}'s tag (or,
   * without a tag, its digest). Returns the digest, after checking that it matches both the bytes
   * and the registry's {@code Docker-Content-Digest}.
   */
  public Digest putManifest(ImageRef ref, RawDocument doc) throws IOException {
    put(ref, doc);
    return doc.digest();
  }

  /**
   * Pushes an artifact manifest that has a {@code subject} (a signature, an SBOM, a scan result) by
   * digest, and makes it findable by {@link #referrers}: when the registry does not confirm with
   * {@code OCI-Subject} that it indexes referrers itself, the referrers tag index {@code
   * <alg>-<hex>} of the subject is read (or started), the artifact's descriptor added, and the
   * index pushed again. Two clients doing this at the same moment can lose one entry (the tag
   * schema has no locking); the referrers API has no such race.
   *
   * @return the artifact's digest
   */
  public Digest pushReferrer(ImageRef repo, RawDocument artifact) throws IOException {
    String what = "referrer " + artifact.digest() + " in " + repo.name();
    ImageDocument parsed = artifact.parse(what);
    if (!(parsed instanceof Manifest m) || m.subject() == null) {
      throw new OciFormatException(what + " has no subject");
    }
    Digest subject = m.subject().digest();
    java.net.http.HttpHeaders headers =
        put(new ImageRef(repo.registry(), repo.repository(), null, artifact.digest()), artifact);
    if (headers.firstValue("OCI-Subject").map(String::trim).orElse("").equals(subject.toString())) {
      return artifact.digest();
    }
    String tag = subject.algorithm() + "-" + subject.hex();
    Optional<RawDocument> existing =
        fetchManifest(repo, tag, what + ": referrers tag " + tag, true);
    tools.jackson.databind.node.ObjectNode index;
    if (existing.isPresent()) {
      JsonNode node = Json.readObject(existing.get().bytes(), what + ": referrers tag " + tag);
      if (!(node instanceof tools.jackson.databind.node.ObjectNode o)
          || !o.path("manifests").isArray()) {
        throw new OciFormatException(what + ": tag " + tag + " is not a referrers index");
      }
      index = o;
    } else {
      index = Json.MAPPER.createObjectNode();
      index.put("schemaVersion", 2);
      index.put("mediaType", MediaTypes.OCI_INDEX);
      index.putArray("manifests");
    }
    tools.jackson.databind.node.ArrayNode manifests =
        (tools.jackson.databind.node.ArrayNode) index.get("manifests");
    for (JsonNode d : manifests) {
      if (artifact.digest().toString().equals(d.path("digest").asString(""))) {
        return artifact.digest();
      }
    }
    tools.jackson.databind.node.ObjectNode d = manifests.addObject();
    d.put("mediaType", artifact.mediaType());
    d.put("digest", artifact.digest().toString());
    d.put("size", artifact.bytes().length);
    d.put("artifactType", m.artifactType() != null ? m.artifactType() : m.config().mediaType());
    if (!m.annotations().isEmpty()) {
      tools.jackson.databind.node.ObjectNode a = d.putObject("annotations");
      m.annotations().forEach(a::put);
    }
    put(
        repo.withTag(tag),
        RawDocument.of(MediaTypes.OCI_INDEX, Json.MAPPER.writeValueAsBytes(index)));
    return artifact.digest();
  }

  private java.net.http.HttpHeaders put(ImageRef ref, RawDocument doc) throws IOException {
    Digest digest = doc.digest();
    Digest computed = Digest.of(digest.algorithm(), digest.newMessageDigest().digest(doc.bytes()));
    if (!computed.equals(digest)) {
      throw new DigestMismatchException(
          digest, "manifest for " + ref + " has digest " + computed + ", not " + digest);
    }
    if (ref.digest() != null && !ref.digest().equals(digest)) {
      throw new DigestMismatchException(
          ref.digest(), "manifest " + digest + " cannot be pushed as " + ref);
    }
    if (doc.mediaType() == null || doc.mediaType().isBlank()) {
      throw new OciFormatException("manifest " + digest + " for " + ref + " has no media type");
    }
    String reference = ref.tag() != null ? ref.tag() : digest.toString();
    String what = "push of manifest " + digest + " to " + ref;
    Call put =
        new Call(
            "PUT",
            ref,
            manifestPath(ref, reference),
            Map.of("Content-Type", doc.mediaType()),
            () -> HttpRequest.BodyPublishers.ofByteArray(doc.bytes()),
            List.of(push(ref)),
            what,
            false);
    HttpResponse<InputStream> r = transport.send(put);
    if (r.statusCode() != 201 && r.statusCode() != 200 && r.statusCode() != 202) {
      throw fail(put, r, RegistryTransport.readErrorBody(r));
    }
    RegistryTransport.discard(r);
    checkDigestHeader(r, digest, what);
    return r.headers();
  }

  /** Deletes a manifest by digest (the registry must allow deletes). */
  public void deleteManifest(ImageRef ref) throws IOException {
    if (ref.digest() == null) {
      throw new IllegalArgumentException("deleting " + ref + " needs a digest reference");
    }
    Call call =
        new Call(
            "DELETE",
            ref,
            manifestPath(ref, ref.digest().toString()),
            Map.of(),
            null,
            List.of("repository:" + ref.repository() + ":delete"),
            "delete of manifest " + ref,
            false);
    HttpResponse<InputStream> r = transport.send(call);
    if (r.statusCode() != 202 && r.statusCode() != 200 && r.statusCode() != 204) {
      throw fail(call, r, RegistryTransport.readErrorBody(r));
    }
    RegistryTransport.discard(r);
  }

  /** All tags of a repository, following {@code Link: <...>; rel="next"} pages. */
  public List<String> listTags(ImageRef repo) throws IOException {
    String what = "tag list of " + repo.name();
    Set<String> tags = new LinkedHashSet<>();
    String target = "/v2/" + repo.repository() + "/tags/list";
    for (int page = 0; target != null; page++) {
      if (page >= MAX_TAG_PAGES) {
        throw new RegistryException(what + ": more than " + MAX_TAG_PAGES + " pages");
      }
      Call call = Call.get(repo, target, what, List.of(pull(repo)));
      HttpResponse<InputStream> r = transport.send(call);
      if (r.statusCode() != 200) {
        throw fail(call, r, RegistryTransport.readErrorBody(r));
      }
      byte[] body = readDocument(r, what);
      JsonNode node = Json.readObject(body, what);
      JsonNode list = node.get("tags");
      if (list != null && list.isArray()) {
        for (JsonNode t : list) {
          if (t.isString()) {
            tags.add(t.asString());
          }
        }
      }
      target = nextPage(r);
    }
    return List.copyOf(tags);
  }

  private static String nextPage(HttpResponse<InputStream> r) {
    for (String link : r.headers().allValues("Link")) {
      Matcher m = LINK_NEXT.matcher(link);
      if (m.find()) {
        return r.uri().resolve(m.group(1)).toString();
      }
    }
    return null;
  }

  /**
   * The manifests that refer to {@code subject} through their {@code subject} field: the OCI 1.1
   * referrers API ({@code GET /v2/<name>/referrers/<digest>}, all pages), or, when it answers 404
   * (registries before OCI 1.1), the index tagged {@code <alg>-<hex>} (the referrers tag schema;
   * none → an empty index). {@code artifactType} ({@code null}: all) filters on the server when it
   * says so ({@code OCI-Filters-Applied}), else here.
   */
  public Index referrers(ImageRef repo, Digest subject, String artifactType) throws IOException {
    String what = "referrers of " + repo.name() + "@" + subject;
    List<io.drydock.oci.Descriptor> out = new ArrayList<>();
    String target =
        "/v2/"
            + repo.repository()
            + "/referrers/"
            + subject
            + (artifactType == null ? "" : "?artifactType=" + enc(artifactType));
    boolean filtered = true;
    for (int page = 0; target != null; page++) {
      if (page >= MAX_TAG_PAGES) {
        throw new RegistryException(what + ": more than " + MAX_TAG_PAGES + " pages");
      }
      Call call =
          Call.get(repo, target, what, List.of(pull(repo)))
              .withHeader("Accept", MediaTypes.OCI_INDEX);
      HttpResponse<InputStream> r = transport.send(call);
      if (r.statusCode() == 404 && page == 0) {
        RegistryTransport.discard(r);
        return referrersFromTag(repo, subject, artifactType, what);
      }
      if (r.statusCode() != 200) {
        throw fail(call, r, RegistryTransport.readErrorBody(r));
      }
      filtered &=
          r.headers().allValues("OCI-Filters-Applied").stream()
              .anyMatch(v -> v.contains("artifactType"));
      byte[] body = readDocument(r, what);
      ImageDocument doc = ImageDocuments.parse(body, MediaTypes.OCI_INDEX, what);
      if (!(doc instanceof Index index)) {
        throw new OciFormatException(what + ": the registry answered a manifest, not an index");
      }
      out.addAll(index.manifests());
      target = nextPage(r);
    }
    return new Index(MediaTypes.OCI_INDEX, filter(out, filtered ? null : artifactType), Map.of());
  }

  private Index referrersFromTag(ImageRef repo, Digest subject, String artifactType, String what)
      throws IOException {
    String tag = subject.algorithm() + "-" + subject.hex();
    Optional<RawDocument> doc = fetchManifest(repo, tag, what + " (tag " + tag + ")", true);
    if (doc.isEmpty()) {
      return new Index(MediaTypes.OCI_INDEX, List.of(), Map.of());
    }
    ImageDocument parsed = doc.get().parse(what + " (tag " + tag + ")");
    if (!(parsed instanceof Index index)) {
      throw new OciFormatException(
          what + ": tag " + tag + " holds a manifest, not a referrers index");
    }
    return new Index(MediaTypes.OCI_INDEX, filter(index.manifests(), artifactType), Map.of());
  }

  private static List<Descriptor> filter(List<Descriptor> in, String artifactType) {
    return artifactType == null
        ? in
        : in.stream().filter(d -> artifactType.equals(d.artifactType())).toList();
  }

  @Override
  public void close() {
    // java.net.http.HttpClient in Java 17 holds no resources that need closing
  }

  // ---------------------------------------------------------------- helpers

  private RegistryException fail(Call call, HttpResponse<InputStream> r, String body) {
    return transport.statusError(
        call.what(),
        call.method(),
        r.uri(),
        r.statusCode(),
        r,
        body,
        transport.endpoint(call.repo()),
        call.repo());
  }

  private static void checkDigestHeader(HttpResponse<InputStream> r, Digest expected, String what)
      throws IOException {
    Optional<String> h = r.headers().firstValue("Docker-Content-Digest");
    if (h.isPresent()) {
      Digest got = parseDigest(h.get(), "Docker-Content-Digest of " + what);
      if (got.algorithm().equals(expected.algorithm()) && !got.equals(expected)) {
        throw new DigestMismatchException(
            expected, what + ": the registry stored digest " + got + ", expected " + expected);
      }
    }
  }

  private static Digest parseDigest(String s, String what) throws OciFormatException {
    try {
      return Digest.parse(s.trim());
    } catch (IllegalArgumentException e) {
      throw new OciFormatException(what + ": " + e.getMessage());
    }
  }

  private static String contentType(HttpResponse<InputStream> r) {
    String ct = r.headers().firstValue("Content-Type").orElse("");
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim();
  }

  private static String manifestPath(ImageRef repo, String reference) {
    return "/v2/" + repo.repository() + "/manifests/" + reference;
  }

  private static String blobPath(ImageRef repo, Digest digest) {
    return "/v2/" + repo.repository() + "/blobs/" + digest;
  }

  private static URI withQuery(URI u, String param) {
    String s = u.toString();
    return URI.create(s + (u.getRawQuery() == null ? "?" : "&") + param);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Names the blob and URL when the connection fails mid-body (truncation, reset). */
  private static final class NamedInputStream extends ChunkInputStream {
    private final String what;
    private final URI uri;
    private final long expected;
    private long count;

    NamedInputStream(InputStream in, String what, URI uri, long expected) {
      super(in);
      this.what = what;
      this.uri = uri;
      this.expected = expected;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        int n = super.read(b, off, len);
        if (n > 0) {
          count += n;
        }
        return n;
      } catch (OciFormatException e) {
        throw e;
      } catch (IOException e) {
        throw new RegistryException(
            what
                + ": the connection to "
                + uri.getAuthority()
                + " failed after "
                + count
                + " of "
                + expected
                + " bytes ("
                + RegistryTransport.brief(e)
                + ")",
            0,
            e);
      }
    }
  }
}
