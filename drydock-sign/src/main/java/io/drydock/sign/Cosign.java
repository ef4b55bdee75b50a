package io.drydock.sign;

import io.drydock.oci.Descriptor;
import io.drydock.oci.Digest;
import io.drydock.oci.ImageDocument;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Index;
import io.drydock.oci.Json;
import io.drydock.oci.Manifest;
import io.drydock.oci.MediaTypes;
import io.drydock.oci.RawDocument;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs, attests and verifies images in a registry the way cosign does with key files, so that
 * {@code cosign verify --key} accepts Drydock's signatures and Drydock accepts cosign's.
 *
 * <p>Storage: the signatures of image {@code repo@sha256:H} live in {@code repo:sha256-H.sig}, an
 * OCI manifest with one {@value SimpleSigning#MEDIA_TYPE} layer per signature (annotation {@value
 * SimpleSigning#SIGNATURE_ANNOTATION}); attestations in {@code repo:sha256-H.att}, one {@value
 * Dsse#MEDIA_TYPE} layer each (annotation {@code predicateType}). Signing appends to what is there;
 * two signers at the same moment can lose one signature (tags have no locking).
 *
 * <p>With {@link ReferrersMode#OCI_1_1} (cosign's {@code --registry-referrers-mode=oci-1-1}) each
 * signature or attestation is instead its own OCI 1.1 artifact manifest whose {@code subject} is
 * the image ({@link #SIGNATURE_ARTIFACT_TYPE}, {@link #ATTESTATION_ARTIFACT_TYPE}), found through
 * the referrers API or the referrers tag index {@code sha256-H}. Verification always reads both the
 * tag and the referrers.
 *
 * <p>Tags are resolved to digests first; what is signed and checked is the digest. Verification
 * fails closed: a signature counts only when it is valid under the key <em>and</em> its payload
 * names the resolved digest; a blob that does not match its digest is refused before parsing.
 * Sigstore bundles ({@code cosign --new-bundle-format}) and {@code COSIGN_REPOSITORY} are not read.
 *
 * <p>Not thread-safe for concurrent signing of one image; the client is the caller's to close.
 */
public final class Cosign {
  /**
   * The artifact type of a signature stored as an OCI 1.1 referrer (cosign {@code
   * --registry-referrers-mode=oci-1-1}).
   */
  public static final String SIGNATURE_ARTIFACT_TYPE =
      "application/vnd.dev.cosign.artifact.sig.v1+json";

  /**
   * The artifact type of an attestation stored as an OCI 1.1 referrer: the in-toto payload type, as
   * cosign's {@code ociremote.WriteAttestationsReferrer} writes it (its layers are DSSE envelopes,
   * {@value Dsse#MEDIA_TYPE}).
   */
  public static final String ATTESTATION_ARTIFACT_TYPE = Dsse.IN_TOTO;

  /** The OCI annotation with an artifact's creation time (RFC 3339, UTC). */
  static final String CREATED_ANNOTATION = "org.opencontainers.image.created";

  /** Most referrers of one artifact type read for one image. */
  static final int MAX_REFERRERS = 100;

  /** cosign's CycloneDX predicate type ({@code cosign attest --type cyclonedx}). */
  public static final String CYCLONEDX_PREDICATE = "https://cyclonedx.org/bom";

  /** cosign's vulnerability-scan predicate type. */
  public static final String VULN_PREDICATE = "https://cosign.sigstore.dev/attestation/vuln/v1";

  /** The in-toto statement type Drydock writes (cosign's); v1 is read too. */
  public static final String STATEMENT_V01 = "https://in-toto.io/Statement/v0.1";

  public static final String STATEMENT_V1 = "https://in-toto.io/Statement/v1";

  /** Largest simple-signing payload read. */
  static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  /** Largest attestation envelope read (scan reports can be large). */
  static final int MAX_ENVELOPE_BYTES = Json.MAX_DOCUMENT_BYTES;

  /** How far in the future a scan time may lie (clock skew) before it is refused. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private final RegistryClient client;
  private final Clock clock;

  /**
   * Verified content by (kind, blob digest, signature, key): signature payloads and DSSE envelopes
   * whose signature checked out. Content-addressed, so an entry never goes stale; bounded LRU.
   * {@code null} when not caching.
   */
  private final Map<String, Object> verified;

  public Cosign(RegistryClient client) {
    this(client, Clock.systemUTC());
  }

  /** {@code clock} measures attestation age. */
  public Cosign(RegistryClient client, Clock clock) {
    this(client, clock, 0);
  }

  /**
   * A verifier that remembers up to {@code cacheEntries} verified signature payloads and
   * attestation envelopes, keyed by their blob digest, the signature and the key: a long-running
   * verifier (the admission webhook) then re-reads the {@code .sig}/{@code .att} manifests on every
   * call but fetches and cryptographically checks each blob only once. The claims (digest named,
   * predicate type, subject, age) are still checked on every call. Thread-safe.
   */
  public Cosign(RegistryClient client, Clock clock, int cacheEntries) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.verified =
        cacheEntries <= 0
            ? null
            : java.util.Collections.synchronizedMap(
                new java.util.LinkedHashMap<>(16, 0.75f, true) {
                  @Override
                  protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                    return size() > cacheEntries;
                  }
                });
  }

  private static String cacheKey(String kind, Digest blob, String signature, PublicKey key) {
    try {
      byte[] k = java.security.MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return kind + "|" + blob + "|" + signature + "|" + java.util.HexFormat.of().formatHex(k);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Object lookup(String key) {
    return verified == null ? null : verified.get(key);
  }

  private void remember(String key, Object value) {
    if (verified != null) {
      verified.put(key, value);
    }
  }

  /** The digest {@code image} names: its digest, or its tag resolved with {@code HEAD}. */
  public Digest resolve(ImageRef image) throws IOException {
    return image.digest() != null ? image.digest() : client.headManifest(image).digest();
  }

  /**
   * Signs the image's digest (a tag is resolved first) and appends the signature to {@code
   * sha256-<hex>.sig}.
   */
  public Pushed sign(ImageRef image, PrivateKey key) throws IOException {
    Digest digest = resolve(image);
    byte[] payload = SimpleSigning.payload(image, digest);
    String sig = Base64.getEncoder().encodeToString(Ecdsa.sign(key, payload));
    return append(
        image,
        digest,
        "sig",
        payload,
        SimpleSigning.MEDIA_TYPE,
        Map.of(SimpleSigning.SIGNATURE_ANNOTATION, sig));
  }

  /**
   * Attests {@code scan} for the image's digest: an in-toto statement (v0.1, as cosign writes) with
   * cosign's vulnerability predicate whose {@code scanner.result} is the report, in a DSSE
   * envelope, appended to {@code sha256-<hex>.att}.
   *
   * @throws IllegalArgumentException when the report is not JSON
   */
  public Pushed attest(ImageRef image, PrivateKey key, VulnScan scan) throws IOException {
    return attest(image, key, scan, ReferrersMode.LEGACY);
  }

  /**
   * Attests {@code scan} for the image's digest (the statement of {@link #attest(ImageRef,
   * PrivateKey, VulnScan)}), stored as {@code mode} says: appended to {@code sha256-<hex>.att}, or
   * as an OCI 1.1 referrer of the image (see {@link #ATTESTATION_ARTIFACT_TYPE}).
   *
   * @throws IllegalArgumentException when the report is not JSON
   */
  public Pushed attest(ImageRef image, PrivateKey key, VulnScan scan, ReferrersMode mode)
      throws IOException {
    Objects.requireNonNull(mode, "mode");
    JsonNode report;
    try {
      report = Json.MAPPER.readTree(scan.report());
    } catch (JacksonException e) {
      throw new IllegalArgumentException("the scan report to attest is not JSON");
    }
    ObjectNode predicate = Json.MAPPER.createObjectNode();
    ObjectNode invocation = predicate.putObject("invocation");
    invocation.putNull("parameters");
    invocation.put("uri", "");
    invocation.put("event_id", "");
    invocation.put("builder.id", "");
    ObjectNode scanner = predicate.putObject("scanner");
    scanner.put("uri", scan.scannerUri());
    scanner.put("version", scan.scannerVersion());
    ObjectNode db = scanner.putObject("db");
    db.put("uri", scan.dbUri());
    db.put("version", scan.dbVersion());
    scanner.set("result", report);
    ObjectNode metadata = predicate.putObject("metadata");
    metadata.put("scanStartedOn", scan.startedOn().toString());
    metadata.put("scanFinishedOn", scan.finishedOn().toString());
    return attestStatement(image, key, VULN_PREDICATE, predicate, mode);
  }

  /**
   * Attests any JSON {@code predicate} of {@code predicateType} for the image's digest (an in-toto
   * v0.1 statement in a DSSE envelope appended to {@code sha256-<hex>.att}), as {@code cosign
   * attest --type} does: e.g. a CycloneDX BOM with {@code vulnerabilities} under {@link
   * #CYCLONEDX_PREDICATE}.
   *
   * @throws IllegalArgumentException when the predicate is not JSON
   */
  public Pushed attestPredicate(
      ImageRef image, PrivateKey key, String predicateType, byte[] predicateJson)
      throws IOException {
    return attestPredicate(image, key, predicateType, predicateJson, ReferrersMode.LEGACY);
  }

  /**
   * Attests any JSON {@code predicate} of {@code predicateType} for the image's digest, stored as
   * {@code mode} says (the {@code .att} tag, or an OCI 1.1 referrer of the image).
   *
   * @throws IllegalArgumentException when the predicate is not JSON
   */
  public Pushed attestPredicate(
      ImageRef image,
      PrivateKey key,
      String predicateType,
      byte[] predicateJson,
      ReferrersMode mode)
      throws IOException {
    Objects.requireNonNull(mode, "mode");
    JsonNode predicate;
    try {
      predicate = Json.MAPPER.readTree(predicateJson);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("the " + predicateType + " predicate is not JSON");
    }
    return attestStatement(image, key, predicateType, predicate, mode);
  }

  /**
   * Signs an in-toto v0.1 statement about the image's digest (a tag is resolved first) in a DSSE
   * envelope and stores it as {@code mode} says.
   */
  private Pushed attestStatement(
      ImageRef image, PrivateKey key, String predicateType, JsonNode predicate, ReferrersMode mode)
      throws IOException {
    // The subject descriptor (media type, size) is needed for a referrer; HEAD once and use its
    // digest, so the statement, the subject and the stored artifact all name the same manifest.
    Descriptor head = mode == ReferrersMode.OCI_1_1 ? client.headManifest(image) : null;
    Digest digest =
        image.digest() != null ? image.digest() : head != null ? head.digest() : resolve(image);
    ObjectNode statement = Json.MAPPER.createObjectNode();
    statement.put("_type", STATEMENT_V01);
    statement.put("predicateType", predicateType);
    ObjectNode subject = statement.putArray("subject").addObject();
    subject.put("name", SimpleSigning.dockerReference(image));
    subject.putObject("digest").put(digest.algorithm(), digest.hex());
    statement.set("predicate", predicate);
    byte[] envelope = Dsse.envelope(Dsse.IN_TOTO, Json.MAPPER.writeValueAsBytes(statement), key);
    if (mode == ReferrersMode.LEGACY) {
      return append(
          image, digest, "att", envelope, Dsse.MEDIA_TYPE, Map.of("predicateType", predicateType));
    }
    // cosign's per-layer annotations on an attestation (static.NewAttestation: the predicate type
    // and an empty signature, which lives inside the envelope), kept on referrer layers too.
    Map<String, String> layerAnnotations = new java.util.TreeMap<>();
    layerAnnotations.put("predicateType", predicateType);
    layerAnnotations.put(SimpleSigning.SIGNATURE_ANNOTATION, "");
    Descriptor layer =
        Descriptor.of(Dsse.MEDIA_TYPE, Digest.sha256(envelope), envelope.length)
            .withAnnotations(layerAnnotations);
    String created = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    return pushReferrerArtifact(
        image,
        head,
        digest,
        ATTESTATION_ARTIFACT_TYPE,
        true,
        layer,
        envelope,
        Map.of(CREATED_ANNOTATION, created));
  }

  /**
   * Signs the image's digest (a tag is resolved first) and stores the signature as an OCI 1.1
   * referrer of the image, as {@code cosign sign --registry-referrers-mode=oci-1-1} does: an
   * artifact manifest of type {@link #SIGNATURE_ARTIFACT_TYPE} whose {@code subject} is the image,
   * with the simple-signing payload as its one layer. Registries without the referrers API get the
   * referrers tag index ({@code sha256-<hex>}) instead, through {@link
   * RegistryClient#pushReferrer}.
   */
  public Pushed signAsReferrer(ImageRef image, PrivateKey key) throws IOException {
    Descriptor subject = client.headManifest(image);
    Digest digest = image.digest() != null ? image.digest() : subject.digest();
    byte[] payload = SimpleSigning.payload(image, digest);
    String sig = Base64.getEncoder().encodeToString(Ecdsa.sign(key, payload));
    Descriptor layer =
        Descriptor.of(SimpleSigning.MEDIA_TYPE, Digest.sha256(payload), payload.length)
            .withAnnotations(Map.of(SimpleSigning.SIGNATURE_ANNOTATION, sig));
    return pushReferrerArtifact(
        image, subject, digest, SIGNATURE_ARTIFACT_TYPE, false, layer, payload, Map.of());
  }

  /**
   * Pushes {@code blob} as the one layer of an OCI 1.1 artifact manifest of {@code artifactType}
   * whose {@code subject} is the image ({@code head}: its manifest descriptor, {@code digest}: the
   * digest signed), with the empty config {@code {}} ({@code configArtifactType}: the config
   * descriptor repeats the artifact type, as cosign's {@code WriteReferrer} writes it), through
   * {@link RegistryClient#pushReferrer} (referrers API, else the referrers tag index).
   */
  private Pushed pushReferrerArtifact(
      ImageRef image,
      Descriptor head,
      Digest digest,
      String artifactType,
      boolean configArtifactType,
      Descriptor layer,
      byte[] blob,
      Map<String, String> annotations)
      throws IOException {
    ImageRef repo = repository(image);
    pushBlob(repo, layer, blob);
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    Descriptor config = Descriptor.of(MediaTypes.OCI_EMPTY, Digest.sha256(empty), empty.length);
    pushBlob(repo, config, empty);
    ObjectNode manifest = Json.MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.put("artifactType", artifactType);
    ObjectNode configJson = descriptorJson(config);
    if (configArtifactType) {
      configJson.put("artifactType", artifactType);
    }
    manifest.set("config", configJson);
    manifest.putArray("layers").add(descriptorJson(layer));
    ObjectNode subjectJson = manifest.putObject("subject");
    subjectJson.put("mediaType", head.mediaType());
    subjectJson.put("size", head.size());
    subjectJson.put("digest", digest.toString());
    if (!annotations.isEmpty()) {
      ObjectNode a = manifest.putObject("annotations");
      new java.util.TreeMap<>(annotations).forEach(a::put);
    }
    RawDocument doc =
        RawDocument.of(MediaTypes.OCI_MANIFEST, Json.MAPPER.writeValueAsBytes(manifest));
    Digest pushed = client.pushReferrer(repo, doc);
    return new Pushed(repo.withDigest(digest), repo.withDigest(pushed), pushed, 1);
  }

  /**
   * Verifies the image's cosign signatures against {@code key}. Registry errors other than a
   * missing {@code .sig} tag (and a missing image) are thrown; everything about the signatures
   * themselves is a reason in the result.
   */
  public VerificationResult verify(ImageRef image, PublicKey key) throws IOException {
    Digest digest = resolve(image);
    ImageRef repo = repository(image);
    String tag = SimpleSigning.tag(digest, "sig");
    List<String> reasons = new ArrayList<>();
    List<VerifiedSignature> ok = new ArrayList<>();
    List<Manifest> manifests = new ArrayList<>();
    artifacts(repo, tag).ifPresent(manifests::add);
    // what was wrong with the referrers themselves comes after the signatures' own reasons
    List<String> listing = new ArrayList<>();
    manifests.addAll(referrers(repo, digest, SIGNATURE_ARTIFACT_TYPE, listing));
    List<Manifest> bundles = bundles(repo, digest, SigstoreBundle.SIGN_PREDICATE, listing);
    if (manifests.isEmpty() && bundles.isEmpty()) {
      List<String> why = new ArrayList<>(listing);
      why.add(
          0,
          "no signatures for "
              + repo.name()
              + "@"
              + digest
              + " (no tag "
              + tag
              + ", no signature referrers, no Sigstore bundles)");
      return new VerificationResult(false, why, List.of());
    }
    List<Descriptor> signatureLayers = new ArrayList<>();
    manifests.forEach(m -> signatureLayers.addAll(m.layers()));
    for (Descriptor layer : signatureLayers) {
      if (!SimpleSigning.MEDIA_TYPE.equals(layer.mediaType())) {
        continue;
      }
      String name = "signature " + layer.digest().shortHex();
      String sig = layer.annotations().get(SimpleSigning.SIGNATURE_ANNOTATION);
      if (sig == null) {
        reasons.add(name + ": no " + SimpleSigning.SIGNATURE_ANNOTATION + " annotation");
        continue;
      }
      String ck = cacheKey("sig", layer.digest(), sig, key);
      byte[] payload = (byte[]) lookup(ck);
      if (payload == null) {
        try {
          payload = blob(repo, layer, MAX_PAYLOAD_BYTES);
        } catch (BlobException e) {
          reasons.add(name + ": " + e.getMessage());
          continue;
        }
        byte[] der;
        try {
          der = Base64.getDecoder().decode(sig.strip());
        } catch (IllegalArgumentException e) {
          reasons.add(name + ": signature annotation is not base64");
          continue;
        }
        if (!Ecdsa.verify(key, payload, der)) {
          reasons.add(name + ": signature invalid for this key");
          continue;
        }
        remember(ck, payload);
      }
      JsonNode p;
      try {
        p = Json.readObject(payload, "payload");
      } catch (IOException e) {
        reasons.add(name + ": payload is not a JSON object");
        continue;
      }
      String type = p.path("critical").path("type").asString("");
      if (!SimpleSigning.TYPE.equalsIgnoreCase(type)) {
        reasons.add(name + ": payload type \"" + type + "\" is not \"" + SimpleSigning.TYPE + "\"");
        continue;
      }
      String named = p.path("critical").path("image").path("docker-manifest-digest").asString("");
      if (!named.equals(digest.toString())) {
        reasons.add(
            name + ": payload names another digest (" + named + "), not the image's " + digest);
        continue;
      }
      ok.add(
          new VerifiedSignature(
              layer.digest(),
              p.path("critical").path("identity").path("docker-reference").asString(""),
              digest,
              new String(payload, StandardCharsets.UTF_8)));
    }
    // cosign 3 (--new-bundle-format): in-toto statements of type sign/v1 in Sigstore bundles
    for (Descriptor layer : bundleLayers(bundles)) {
      String name = "signature bundle " + layer.digest().shortHex();
      Dsse.Envelope env =
          verifiedEnvelope(repo, layer, key, "bundle", SigstoreBundle::envelope, name, reasons);
      if (env == null) {
        continue;
      }
      JsonNode st = statement(env, name, SigstoreBundle.SIGN_PREDICATE, digest, reasons);
      if (st != null) {
        ok.add(
            new VerifiedSignature(
                layer.digest(), "", digest, new String(env.payload(), StandardCharsets.UTF_8)));
      }
    }
    if (ok.isEmpty() && reasons.isEmpty()) {
      reasons.add("no cosign signatures in " + repo.name() + ":" + tag + " or the referrers");
    }
    reasons.addAll(listing);
    return new VerificationResult(!ok.isEmpty(), reasons, ok);
  }

  /**
   * Verifies the image's attestations of {@code predicateType} against {@code key}: DSSE signature
   * valid, payload an in-toto statement (v0.1 or v1) whose subjects include the resolved digest,
   * and, when {@code maxAge} is not {@code null}, {@code predicate.metadata.scanFinishedOn} at most
   * {@code maxAge} before now (a statement without that time then fails; one more than {@value
   * #MAX_CLOCK_SKEW_TEXT} in the future fails too).
   */
  public AttestationResult verifyAttestations(
      ImageRef image, PublicKey key, String predicateType, Duration maxAge) throws IOException {
    Digest digest = resolve(image);
    ImageRef repo = repository(image);
    String tag = SimpleSigning.tag(digest, "att");
    List<Manifest> manifests = new ArrayList<>();
    artifacts(repo, tag).ifPresent(manifests::add);
    // what was wrong with the referrers themselves comes after the attestations' own reasons
    List<String> listing = new ArrayList<>();
    manifests.addAll(referrers(repo, digest, ATTESTATION_ARTIFACT_TYPE, listing));
    List<Manifest> bundles = bundles(repo, digest, predicateType, listing);
    if (manifests.isEmpty() && bundles.isEmpty()) {
      List<String> why = new ArrayList<>(listing);
      why.add(
          0,
          "no attestations for "
              + repo.name()
              + "@"
              + digest
              + " (no tag "
              + tag
              + ", no attestation referrers, no Sigstore bundles)");
      return new AttestationResult(false, why, List.of());
    }
    Instant now = clock.instant();
    List<String> reasons = new ArrayList<>();
    List<VerifiedAttestation> ok = new ArrayList<>();
    List<Descriptor> attestationLayers = new ArrayList<>();
    manifests.forEach(m -> attestationLayers.addAll(m.layers()));
    attestationLayers.addAll(bundleLayers(bundles));
    for (Descriptor layer : attestationLayers) {
      boolean bundle = SigstoreBundle.isBundle(layer.mediaType());
      if (!bundle && !Dsse.MEDIA_TYPE.equals(layer.mediaType())) {
        continue;
      }
      String name = (bundle ? "attestation bundle " : "attestation ") + layer.digest().shortHex();
      String annotated = layer.annotations().get("predicateType");
      if (annotated != null && !annotated.equals(predicateType)) {
        continue; // another kind of attestation; its signed type is checked below when it matches
      }
      Dsse.Envelope env =
          bundle
              ? verifiedEnvelope(
                  repo, layer, key, "bundle", SigstoreBundle::envelope, name, reasons)
              : verifiedEnvelope(repo, layer, key, "att", Dsse::parse, name, reasons);
      if (env == null) {
        continue;
      }
      JsonNode st = statement(env, name, predicateType, digest, reasons);
      if (st == null) {
        continue;
      }
      String pt = st.path("predicateType").asString("");
      String finishedText =
          st.path("predicate").path("metadata").path("scanFinishedOn").asString("");
      Instant finished = null;
      if (!finishedText.isEmpty()) {
        try {
          finished = OffsetDateTime.parse(finishedText).toInstant();
        } catch (DateTimeParseException e) {
          reasons.add(name + ": scanFinishedOn \"" + finishedText + "\" is not an RFC 3339 time");
          continue;
        }
      }
      Duration age = finished == null ? null : Duration.between(finished, now);
      if (maxAge != null) {
        if (age == null) {
          reasons.add(name + ": no predicate.metadata.scanFinishedOn to check the age against");
          continue;
        }
        if (age.compareTo(MAX_CLOCK_SKEW.negated()) < 0) {
          reasons.add(name + ": scan finished in the future (" + finishedText + ")");
          continue;
        }
        if (age.compareTo(maxAge) > 0) {
          reasons.add(
              name
                  + ": expired: scan finished "
                  + finishedText
                  + ", "
                  + human(age)
                  + " ago, over the maximum age of "
                  + human(maxAge));
          continue;
        }
      }
      ok.add(
          new VerifiedAttestation(
              layer.digest(),
              pt,
              new String(env.payload(), StandardCharsets.UTF_8),
              finished,
              age));
    }
    if (ok.isEmpty() && reasons.isEmpty()) {
      reasons.add(
          "no attestation of type "
              + predicateType
              + " in "
              + repo.name()
              + ":"
              + tag
              + " or the attestation referrers");
    }
    reasons.addAll(listing);
    return new AttestationResult(!ok.isEmpty(), reasons, ok);
  }

  static final String MAX_CLOCK_SKEW_TEXT = "5 minutes";

  /** {@code 45s}, {@code 1h}, {@code 1h30m}, {@code 2d3h}: the two largest non-zero units. */
  static String human(Duration d) {
    long s = Math.max(0, d.getSeconds());
    long[] values = {s / 86400, s / 3600 % 24, s / 60 % 60, s % 60};
    String[] units = {"d", "h", "m", "s"};
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (int i = 0; i < values.length && shown < 2; i++) {
      if (values[i] > 0 || (shown > 0)) {
        if (values[i] > 0) {
          out.append(values[i]).append(units[i]);
        }
        shown++;
      }
    }
    return out.length() == 0 ? "0s" : out.toString();
  }

  private static ImageRef repository(ImageRef image) {
    return new ImageRef(image.registry(), image.repository(), null, null);
  }

  /** The manifest under {@code tag}, or empty when the tag does not exist. */
  private Optional<Manifest> artifacts(ImageRef repo, String tag) throws IOException {
    RawDocument raw;
    try {
      raw = client.getManifest(repo.withTag(tag));
    } catch (RegistryException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
    ImageDocument doc = raw.parse(repo.name() + ":" + tag);
    if (!(doc instanceof Manifest m)) {
      throw new io.drydock.oci.OciFormatException(
          repo.name() + ":" + tag + " is an index, not a cosign signature manifest");
    }
    return Optional.of(m);
  }

  /**
   * Artifact manifests of {@code artifactType} stored as OCI 1.1 referrers of {@code digest}
   * (signatures: {@link #SIGNATURE_ARTIFACT_TYPE}, attestations: {@link
   * #ATTESTATION_ARTIFACT_TYPE}), through the referrers API or the referrers tag index; a registry
   * that has neither gives none. Only manifests whose {@code subject} really is {@code digest} and
   * whose {@code artifactType} is the one asked for count (the index entries are not trusted), and
   * at most {@value #MAX_REFERRERS} are read; a referrer left out or unreadable adds a reason.
   */
  private List<Manifest> referrers(
      ImageRef repo, Digest digest, String artifactType, List<String> reasons) throws IOException {
    List<Manifest> out = new ArrayList<>();
    Index index;
    try {
      index = client.referrers(repo, digest, artifactType);
    } catch (RegistryException e) {
      if (e.status() == 404) {
        return out;
      }
      throw e;
    }
    List<Descriptor> listed = index.manifests();
    if (listed.size() > MAX_REFERRERS) {
      reasons.add(
          listed.size()
              + " referrers of type "
              + artifactType
              + " for "
              + digest
              + ": only the first "
              + MAX_REFERRERS
              + " were read");
      listed = listed.subList(0, MAX_REFERRERS);
    }
    for (Descriptor d : listed) {
      String name = "referrer " + d.digest().shortHex();
      RawDocument raw;
      try {
        raw = client.getManifest(repo.withDigest(d.digest()));
      } catch (RegistryException e) {
        if (e.status() == 404) {
          reasons.add(name + ": listed, but missing from the registry");
          continue;
        }
        throw e;
      }
      if (raw.parse(repo.name() + "@" + d.digest()) instanceof Manifest m
          && m.subject() != null
          && m.subject().digest().equals(digest)
          && artifactType.equals(m.artifactType())) {
        out.add(m);
      } else {
        reasons.add(
            name + ": not a " + artifactType + " artifact manifest whose subject is " + digest);
      }
    }
    return out;
  }

  /**
   * The in-toto statement of a verified envelope when it is one (v0.1 or v1) of {@code
   * predicateType} naming {@code digest} among its subjects; else {@code null} with the reason
   * added.
   */
  private static JsonNode statement(
      Dsse.Envelope env, String name, String predicateType, Digest digest, List<String> reasons) {
    if (!Dsse.IN_TOTO.equals(env.payloadType())) {
      reasons.add(name + ": payload type \"" + env.payloadType() + "\" is not in-toto");
      return null;
    }
    JsonNode st;
    try {
      st = Json.readObject(env.payload(), "statement");
    } catch (IOException e) {
      reasons.add(name + ": statement is not a JSON object");
      return null;
    }
    String type = st.path("_type").asString("");
    if (!type.equals(STATEMENT_V01) && !type.equals(STATEMENT_V1)) {
      reasons.add(name + ": \"" + type + "\" is not an in-toto statement type");
      return null;
    }
    String pt = st.path("predicateType").asString("");
    if (!pt.equals(predicateType)) {
      reasons.add(name + ": predicate type " + pt + ", not " + predicateType);
      return null;
    }
    for (JsonNode s : st.path("subject")) {
      if (digest.hex().equals(s.path("digest").path(digest.algorithm()).asString(""))) {
        return st;
      }
    }
    reasons.add(name + ": subject digest mismatch (no subject names " + digest + ")");
    return null;
  }

  /**
   * The Sigstore bundle referrers of {@code digest} (cosign 3's default format) whose predicate
   * type, when the referrer is annotated with one, is {@code predicateType}: signatures and each
   * kind of attestation share the artifact type and are told apart by that annotation (and, in any
   * case, by the signed statement).
   */
  private List<Manifest> bundles(
      ImageRef repo, Digest digest, String predicateType, List<String> reasons) throws IOException {
    List<Manifest> out = new ArrayList<>();
    for (Manifest m : referrers(repo, digest, SigstoreBundle.MEDIA_TYPE, reasons)) {
      String annotated = m.annotations().get(SigstoreBundle.PREDICATE_ANNOTATION);
      if (annotated == null || annotated.equals(predicateType)) {
        out.add(m);
      }
    }
    return out;
  }

  private static List<Descriptor> bundleLayers(List<Manifest> bundles) {
    List<Descriptor> out = new ArrayList<>();
    for (Manifest m : bundles) {
      for (Descriptor layer : m.layers()) {
        if (SigstoreBundle.isBundle(layer.mediaType())) {
          out.add(layer);
        }
      }
    }
    return out;
  }

  /**
   * The envelope in {@code layer} (read by {@code parse}: a DSSE envelope or a Sigstore bundle's)
   * when its signature is valid for {@code key}; else {@code null} with the reason added. Verified
   * envelopes are remembered under {@code kind}, the layer digest and the key.
   */
  private Dsse.Envelope verifiedEnvelope(
      ImageRef repo,
      Descriptor layer,
      PublicKey key,
      String kind,
      Function<byte[], Dsse.Envelope> parse,
      String name,
      List<String> reasons)
      throws IOException {
    String ck = cacheKey(kind, layer.digest(), "", key);
    Dsse.Envelope env = (Dsse.Envelope) lookup(ck);
    if (env != null) {
      return env;
    }
    try {
      env = parse.apply(blob(repo, layer, MAX_ENVELOPE_BYTES));
    } catch (BlobException | IllegalArgumentException e) {
      reasons.add(name + ": " + e.getMessage());
      return null;
    }
    if (!env.signedBy(key)) {
      reasons.add(name + ": signature invalid for this key");
      return null;
    }
    remember(ck, env);
    return env;
  }

  /** A blob's bytes, digest-verified and bounded. */
  private byte[] blob(ImageRef repo, Descriptor d, int max) throws IOException, BlobException {
    if (d.size() > max) {
      throw new BlobException("blob is " + d.size() + " bytes, over the limit of " + max);
    }
    try (InputStream in = client.openBlob(repo, d)) {
      return in.readAllBytes();
    } catch (io.drydock.oci.DigestMismatchException e) {
      throw new BlobException("blob does not match its digest (tampered): " + e.getMessage());
    } catch (RegistryException e) {
      if (e.status() == 404) {
        throw new BlobException("blob " + d.digest() + " is missing from the registry");
      }
      throw e;
    }
  }

  /** A signature or attestation blob that cannot be used; reported as a reason. */
  private static final class BlobException extends Exception {
    private static final long serialVersionUID = 1L;

    BlobException(String message) {
      super(message);
    }
  }

  private Pushed append(
      ImageRef image,
      Digest digest,
      String suffix,
      byte[] blob,
      String mediaType,
      Map<String, String> annotations)
      throws IOException {
    ImageRef repo = repository(image);
    String tag = SimpleSigning.tag(digest, suffix);
    List<Descriptor> layers = new ArrayList<>();
    artifacts(repo, tag).ifPresent(m -> layers.addAll(m.layers()));
    Descriptor layer = Descriptor.of(mediaType, Digest.sha256(blob), blob.length);
    layer = layer.withAnnotations(annotations);
    pushBlob(repo, layer, blob);
    layers.add(layer);

    ObjectNode config = Json.MAPPER.createObjectNode();
    config.put("architecture", "");
    config.put("created", "0001-01-01T00:00:00Z");
    config.putArray("history").addObject().put("created", "0001-01-01T00:00:00Z");
    config.put("os", "");
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    layers.forEach(l -> diffIds.add(l.digest().toString()));
    config.putObject("config");
    byte[] configBytes = Json.MAPPER.writeValueAsBytes(config);
    Descriptor configDesc =
        Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
    pushBlob(repo, configDesc, configBytes);

    ObjectNode manifest = Json.MAPPER.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    manifest.set("config", descriptorJson(configDesc));
    ArrayNode layersJson = manifest.putArray("layers");
    layers.forEach(l -> layersJson.add(descriptorJson(l)));
    RawDocument doc =
        RawDocument.of(MediaTypes.OCI_MANIFEST, Json.MAPPER.writeValueAsBytes(manifest));
    ImageRef at = repo.withTag(tag);
    Digest pushed = client.putManifest(at, doc);
    return new Pushed(repo.withDigest(digest), at, pushed, layers.size());
  }

  private void pushBlob(ImageRef repo, Descriptor d, byte[] bytes) throws IOException {
    if (!client.blobExists(repo, d.digest())) {
      client.pushBlob(repo, d, () -> new ByteArrayInputStream(bytes));
    }
  }

  private static ObjectNode descriptorJson(Descriptor d) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("mediaType", d.mediaType());
    o.put("size", d.size());
    o.put("digest", d.digest().toString());
    if (!d.annotations().isEmpty()) {
      ObjectNode a = o.putObject("annotations");
      new LinkedHashMap<>(new java.util.TreeMap<>(d.annotations())).forEach(a::put);
    }
    return o;
  }
}
