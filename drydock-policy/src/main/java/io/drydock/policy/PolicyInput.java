package io.drydock.policy;

import io.drydock.oci.ImageConfig;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Target;
import io.drydock.sbom.Sbom;
import io.drydock.vuln.match.Finding;
import io.drydock.vuln.match.ScanResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The document a policy sees: image facts, scan findings, signatures and attestations. Immutable.
 *
 * <p>CEL sees each component as a variable of the same name ({@code image}, {@code config}, {@code
 * base}, {@code sbom}: {@code map(string, dyn)}; {@code findings}, {@code signatures}, {@code
 * attestations}: lists of such maps; {@code now}: an RFC 3339 string). Whole numbers are CEL {@code
 * int}s; fields documented as "absent when unknown" are left out of the map, so test them with
 * {@code has(base.ageDays)}.
 *
 * @param image what was evaluated
 * @param config the image configuration's facts
 * @param base the base image
 * @param sbom inventory summary
 * @param findings active (unsuppressed) findings, in scan order
 * @param signatures verified or not, from {@code drydock verify}
 * @param attestations from {@code drydock verify}
 * @param now the evaluation instant (ages are computed against it)
 */
public record PolicyInput(
    ImageFacts image,
    ConfigFacts config,
    BaseFacts base,
    SbomFacts sbom,
    List<FindingFacts> findings,
    List<SignatureFacts> signatures,
    List<AttestationFacts> attestations,
    Instant now) {
  public PolicyInput {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(sbom, "sbom");
    findings = List.copyOf(findings);
    signatures = List.copyOf(signatures);
    attestations = List.copyOf(attestations);
    Objects.requireNonNull(now, "now");
  }

  /**
   * CEL {@code image}.
   *
   * @param reference as the user gave it
   * @param digest manifest digest, {@code ""} when unknown
   * @param registry {@code ""} for local targets (OCI layout, archive, rootfs, SBOM)
   * @param repository {@code ""} for local targets
   * @param tag {@code ""} when none
   */
  public record ImageFacts(
      String reference, String digest, String registry, String repository, String tag) {
    public ImageFacts {
      Objects.requireNonNull(reference, "reference");
      digest = Objects.requireNonNullElse(digest, "");
      registry = Objects.requireNonNullElse(registry, "");
      repository = Objects.requireNonNullElse(repository, "");
      tag = Objects.requireNonNullElse(tag, "");
    }

    /** Facts of {@code reference}: registry, repository and tag when it is a registry reference. */
    public static ImageFacts of(String reference, String digest) {
      try {
        if (Target.parse(reference) instanceof Target.Registry r) {
          ImageRef ref = r.ref();
          String d = digest != null ? digest : ref.digest() == null ? "" : ref.digest().toString();
          return new ImageFacts(reference, d, ref.registry(), ref.repository(), ref.tag());
        }
      } catch (IllegalArgumentException e) {
        // not a target Drydock reads: keep the reference only
      }
      return new ImageFacts(reference, digest, "", "", "");
    }
  }

  /**
   * CEL {@code config}.
   *
   * @param user {@code ""} when unset (which means root)
   * @param entrypoint as written
   * @param labels config labels
   * @param created RFC 3339, or {@code null} (absent in CEL) when unknown
   */
  public record ConfigFacts(
      String user, List<String> entrypoint, Map<String, String> labels, Instant created) {
    public ConfigFacts {
      user = Objects.requireNonNullElse(user, "");
      entrypoint = List.copyOf(entrypoint);
      labels = Map.copyOf(labels);
    }

    public static ConfigFacts of(ImageConfig c) {
      return c == null
          ? new ConfigFacts("", List.of(), Map.of(), null)
          : new ConfigFacts(c.user(), c.entrypoint(), c.labels(), c.created());
    }
  }

  /**
   * CEL {@code base}.
   *
   * @param name {@code ""} when unknown
   * @param digest {@code ""} when unknown
   * @param ageDays whole days since the base image was created, {@code null} (absent) when unknown
   * @param rule how the base was found: {@code ANNOTATION}, {@code FLAG}, {@code LAYER_PREFIX},
   *     {@code NONE}
   */
  public record BaseFacts(String name, String digest, Long ageDays, String rule) {
    public BaseFacts {
      name = Objects.requireNonNullElse(name, "");
      digest = Objects.requireNonNullElse(digest, "");
      rule = Objects.requireNonNullElse(rule, "NONE");
    }
  }

  /** CEL {@code sbom}: {@code components} is the package count. */
  public record SbomFacts(long components, boolean partial) {}

  /**
   * One element of CEL {@code findings}.
   *
   * @param id CVE when known, else the advisory id
   * @param aliases other ids
   * @param severity {@code CRITICAL}, {@code HIGH}, {@code MEDIUM}, {@code LOW}, {@code NONE},
   *     {@code UNKNOWN}
   * @param score CVSS base score, {@code null} (absent) when none
   * @param fixAvailable whether a fixed version is known
   * @param epss EPSS probability 0–1, {@code null} (absent) when not loaded
   * @param kev in CISA's KEV catalog
   * @param origin {@code base} or {@code app}
   * @param pkg the package name (CEL key {@code package})
   * @param version installed version
   * @param firstSeenDays whole days since the vulnerability was first seen, {@code null} (absent)
   *     when unknown — unknown counts as old for grace periods
   */
  public record FindingFacts(
      String id,
      List<String> aliases,
      String severity,
      Double score,
      boolean fixAvailable,
      Double epss,
      boolean kev,
      String origin,
      String pkg,
      String version,
      Long firstSeenDays) {
    public FindingFacts {
      Objects.requireNonNull(id, "id");
      aliases = List.copyOf(aliases);
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(origin, "origin");
      pkg = Objects.requireNonNullElse(pkg, "");
      version = Objects.requireNonNullElse(version, "");
    }
  }

  /** One element of CEL {@code signatures}. */
  public record SignatureFacts(String keyId, boolean verified) {
    public SignatureFacts {
      Objects.requireNonNull(keyId, "keyId");
    }
  }

  /**
   * One element of CEL {@code attestations}.
   *
   * @param type the in-toto predicate type
   * @param ageHours whole hours since the attestation was made
   */
  public record AttestationFacts(String type, long ageHours, boolean verified) {
    public AttestationFacts {
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * The input for a scan.
   *
   * @param result the scan; suppressed findings are left out
   * @param config the image configuration, {@code null} for SBOM and rootfs targets
   * @param baseCreated when the base image was built, {@code null} when unknown
   * @param firstSeen when each finding's vulnerability was first seen
   * @param signatures signature facts, may be empty
   * @param attestations attestation facts, may be empty
   * @param now the evaluation instant
   */
  public static PolicyInput of(
      ScanResult result,
      ImageConfig config,
      Instant baseCreated,
      FirstSeen firstSeen,
      List<SignatureFacts> signatures,
      List<AttestationFacts> attestations,
      Instant now) {
    Sbom sbom = result.sbom();
    List<FindingFacts> findings = new ArrayList<>();
    for (Finding f : result.active()) {
      int layer = f.component().layer();
      boolean fromBase =
          layer >= 0 && layer < sbom.layers().size() && sbom.layers().get(layer).base();
      Long firstSeenDays =
          firstSeen.of(f).map(t -> Math.max(0, Duration.between(t, now).toDays())).orElse(null);
      findings.add(
          new FindingFacts(
              f.id(),
              f.aliases(),
              f.severity().rating().name(),
              f.severity().score(),
              f.fixAvailable(),
              f.epss(),
              f.kev(),
              fromBase ? "base" : "app",
              f.component().pkg().name(),
              f.installedVersion(),
              firstSeenDays));
    }
    var b = sbom.base();
    Long ageDays =
        baseCreated == null ? null : Math.max(0, Duration.between(baseCreated, now).toDays());
    return new PolicyInput(
        ImageFacts.of(sbom.subject().reference(), sbom.subject().digest()),
        ConfigFacts.of(config),
        new BaseFacts(
            b == null ? null : b.name(),
            b == null ? null : b.digest(),
            ageDays,
            b == null ? null : b.rule().name()),
        new SbomFacts(sbom.components().size(), sbom.partial()),
        findings,
        signatures,
        attestations,
        now);
  }

  /** The CEL activation: one entry per variable, ints as {@code Long}, unknowns left out. */
  Map<String, Object> toCel() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("image", imageMap());
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("user", config.user());
    c.put("entrypoint", config.entrypoint());
    c.put("labels", config.labels());
    if (config.created() != null) {
      c.put("created", config.created().toString());
    }
    m.put("config", c);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("name", base.name());
    b.put("digest", base.digest());
    if (base.ageDays() != null) {
      b.put("ageDays", base.ageDays());
    }
    b.put("rule", base.rule());
    m.put("base", b);
    m.put("sbom", Map.of("components", sbom.components(), "partial", sbom.partial()));
    List<Object> fs = new ArrayList<>(findings.size());
    for (FindingFacts f : findings) {
      fs.add(findingMap(f));
    }
    m.put("findings", fs);
    m.put(
        "signatures",
        signatures.stream()
            .map(s -> (Object) Map.of("keyId", s.keyId(), "verified", s.verified()))
            .toList());
    m.put(
        "attestations",
        attestations.stream()
            .map(
                a ->
                    (Object)
                        Map.of(
                            "type", a.type(), "ageHours", a.ageHours(), "verified", a.verified()))
            .toList());
    m.put("now", now.toString());
    return m;
  }

  private Map<String, Object> imageMap() {
    return Map.of(
        "reference", image.reference(),
        "digest", image.digest(),
        "registry", image.registry(),
        "repository", image.repository(),
        "tag", image.tag());
  }

  static Map<String, Object> findingMap(FindingFacts f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("aliases", f.aliases());
    m.put("severity", f.severity());
    if (f.score() != null) {
      m.put("score", f.score());
    }
    m.put("fixAvailable", f.fixAvailable());
    if (f.epss() != null) {
      m.put("epss", f.epss());
    }
    m.put("kev", f.kev());
    m.put("origin", f.origin());
    m.put("package", f.pkg());
    m.put("version", f.version());
    if (f.firstSeenDays() != null) {
      m.put("firstSeenDays", f.firstSeenDays());
    }
    return m;
  }
}
