package io.drydock.sbom.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.packageurl.PackageURL;
import io.drydock.sbom.BaseImage;
import io.drydock.sbom.Component;
import io.drydock.sbom.Diagnostic;
import io.drydock.sbom.LayerInfo;
import io.drydock.sbom.OsInfo;
import io.drydock.sbom.Package;
import io.drydock.sbom.Sbom;
import io.drydock.sbom.Subject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.generators.json.BomJsonGenerator;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.license.Expression;
import org.cyclonedx.model.metadata.ToolInformation;

/**
 * An {@link Sbom} as a CycloneDX 1.6 BOM (cyclonedx-core-java's model), and its JSON and XML.
 *
 * <p>Layout, following Trivy's where CycloneDX leaves a choice:
 *
 * <ul>
 *   <li>{@code serialNumber} {@code urn:uuid:<FormatOptions.uuids()>}, {@code metadata.timestamp}
 *       from the options' clock (to the second), {@code metadata.tools.components[]} = Drydock with
 *       its version.
 *   <li>{@code metadata.component}: the image, type {@code container}, name = the reference as
 *       given, version = the manifest digest, purl = {@link Purls#image}; its properties: {@code
 *       drydock:image:platform}, per layer {@code drydock:layer:<i>:diffId} and {@code
 *       drydock:layer:<i>:origin} ({@code base}|{@code app}).
 *   <li>{@code metadata.properties}: {@code drydock:base:rule} ({@code annotation}, {@code flag},
 *       {@code layer-prefix}, {@code none}), {@code drydock:base:name}, {@code
 *       drydock:base:digest}, {@code drydock:base:layers}, {@code drydock:base:note}, {@code
 *       drydock:partial} ({@code true}|{@code false}) and one {@code drydock:diagnostic} per
 *       diagnostic (its one-line {@link Diagnostic#toString()}).
 *   <li>{@code components[]}: first the OS (type {@code operating-system}, name = os-release id,
 *       version = VERSION_ID, description = PRETTY_NAME), then every package in the SBOM's order,
 *       type {@code library}, with purl, and {@code group} for Maven ({@code groupId}) and npm
 *       ({@code @scope}). Properties, sorted by name: {@code drydock:extractor}, {@code
 *       drydock:layer:diffId}, {@code drydock:layer:index}, {@code drydock:location}, {@code
 *       drydock:origin} ({@code base}|{@code app}), {@code drydock:os-owned} (only when true),
 *       {@code drydock:source:name}, {@code drydock:source:version}, and each {@link
 *       Package#properties()} entry as {@code drydock:<key>}. A {@code license} property that is a
 *       valid SPDX expression of listed ids becomes {@code licenses} (id or expression), otherwise
 *       a licence {@code name}.
 *   <li>{@code dependencies[]}: the image depends on the OS component and on every package; every
 *       other component has an entry without dependencies.
 * </ul>
 *
 * <p>{@code bom-ref}s are stable across runs: see {@link #bomRefs(Sbom)}. Owned file lists are not
 * written. Stateless and thread-safe.
 */
public final class CycloneDx {
  private static final String NS = "drydock:";

  private CycloneDx() {}

  /** The BOM for {@code sbom}, ready for a generator (or for vulnerabilities to be added). */
  public static Bom toBom(Sbom sbom, FormatOptions options) {
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + options.uuids().get());
    bom.setVersion(1);

    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(options.clock().instant().truncatedTo(ChronoUnit.SECONDS)));
    ToolInformation tools = new ToolInformation();
    org.cyclonedx.model.Component tool = new org.cyclonedx.model.Component();
    tool.setType(org.cyclonedx.model.Component.Type.APPLICATION);
    tool.setName("drydock");
    tool.setVersion(options.toolVersion());
    tools.setComponents(List.of(tool));
    metadata.setToolChoice(tools);
    String imageRef = imageBomRef(sbom.subject());
    metadata.setComponent(imageComponent(sbom, imageRef));
    metadata.setProperties(metadataProperties(sbom));
    bom.setMetadata(metadata);

    List<org.cyclonedx.model.Component> components = new ArrayList<>();
    List<Dependency> dependencies = new ArrayList<>();
    Dependency image = new Dependency(imageRef);
    String osRef = null;
    if (sbom.os() != null) {
      osRef = osBomRef(sbom.os());
      components.add(osComponent(sbom.os(), osRef));
      image.addDependency(new Dependency(osRef));
    }
    List<String> refs = bomRefs(sbom);
    for (int i = 0; i < sbom.components().size(); i++) {
      components.add(component(sbom, sbom.components().get(i), refs.get(i)));
      image.addDependency(new Dependency(refs.get(i)));
    }
    bom.setComponents(components);
    dependencies.add(image);
    if (osRef != null) {
      dependencies.add(new Dependency(osRef));
    }
    for (String ref : refs) {
      dependencies.add(new Dependency(ref));
    }
    bom.setDependencies(dependencies);
    return bom;
  }

  /**
   * The {@code bom-ref} of each component, in {@link Sbom#components()} order: the purl; when the
   * same purl occurs more than once, the purl with a {@code file_path=<location>} qualifier added
   * (Trivy's convention); a component without purl gets {@code drydock:component:<type>/<name>@
   * <version>:<location>}. Should two still coincide (the same package twice in one file), {@code
   * #2}, {@code #3} … is appended to the later ones. The image's and the OS's refs never collide
   * with these.
   */
  public static List<String> bomRefs(Sbom sbom) {
    List<String> purls = new ArrayList<>();
    Map<String, Integer> count = new HashMap<>();
    for (Component c : sbom.components()) {
      PackageURL p = Purls.of(c, sbom.os());
      String s = p == null ? null : p.canonicalize();
      purls.add(s);
      if (s != null) {
        count.merge(s, 1, Integer::sum);
      }
    }
    List<String> refs = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < purls.size(); i++) {
      Package pkg = sbom.components().get(i).pkg();
      String ref = purls.get(i);
      if (ref == null) {
        ref =
            "drydock:component:"
                + pkg.type()
                + "/"
                + pkg.name()
                + "@"
                + pkg.version()
                + ":"
                + pkg.location();
      } else if (count.get(ref) > 1) {
        ref = withFilePath(Purls.of(sbom.components().get(i), sbom.os()), pkg.location());
      }
      String unique = ref;
      for (int n = 2; !seen.add(unique); n++) {
        unique = ref + "#" + n;
      }
      refs.add(unique);
    }
    return refs;
  }

  /** The image's {@code bom-ref}: its purl, or {@code drydock:image:<reference>} without one. */
  public static String imageBomRef(Subject subject) {
    PackageURL p = Purls.image(subject);
    return p != null ? p.canonicalize() : "drydock:image:" + subject.reference();
  }

  /** The OS component's {@code bom-ref}: {@code drydock:os:<id>@<versionId>}. */
  public static String osBomRef(OsInfo os) {
    return "drydock:os:" + os.id() + (os.versionId() == null ? "" : "@" + os.versionId());
  }

  /**
   * The library's JSON generator, optionally on the object mapper of an earlier generator of the
   * same version (configured the same way by the library, and with its Jackson 2 serialisers
   * already built). The library sets up the BOM itself in the constructor, as always.
   */
  private static final class ReusableJsonGenerator extends BomJsonGenerator {
    ReusableJsonGenerator(Bom bom, ObjectMapper warmed) {
      super(bom, Version.VERSION_16);
      if (warmed != null) {
        this.mapper = warmed;
      }
    }

    ObjectMapper objectMapper() {
      return mapper;
    }
  }

  /** A mapper warmed up in the background, taken by the next {@link #writeJson}. */
  private static final AtomicReference<CompletableFuture<ObjectMapper>> WARM =
      new AtomicReference<>();

  /**
   * Builds, on a daemon thread, the JSON generator the next {@link #writeJson} uses and serialises
   * a small SBOM with it: cyclonedx-core-java's Jackson 2 serialisers are made by reflection over
   * its model on first use (about a tenth of a second in a fresh JVM), which then overlaps with the
   * analysis instead of following it. Never fails: a failed warm-up leaves writeJson to build its
   * own generator.
   */
  public static void warmUpInBackground() {
    CompletableFuture<ObjectMapper> f = new CompletableFuture<>();
    if (!WARM.compareAndSet(null, f)) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                ReusableJsonGenerator g =
                    new ReusableJsonGenerator(toBom(sampleSbom(), FormatOptions.defaults()), null);
                g.toJsonString();
                f.complete(g.objectMapper());
              } catch (GeneratorException | RuntimeException | LinkageError e) {
                f.complete(null);
              }
            },
            "drydock-cyclonedx-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private static Sbom sampleSbom() {
    Subject subject =
        new Subject("warm-up", "sha256:" + "0".repeat(64), "linux", "amd64", null, null);
    OsInfo os = new OsInfo("debian", "12", null, null, "warm-up");
    Package deb =
        new Package(
            "deb",
            "a",
            "1.0-1",
            "amd64",
            "b",
            "1.0-1",
            null,
            "var/lib/dpkg/status",
            null,
            Map.of("license", "MIT"));
    Package jar = Package.of("maven", "g:a", "1.0", "a.jar");
    return new Sbom(
        subject,
        os,
        BaseImage.none(),
        List.of(new LayerInfo(0, subject.digest(), subject.digest(), "x", false)),
        List.of(new Component(deb, "os/dpkg", 0, false), new Component(jar, "lang/java", 0, false)),
        List.of(new Diagnostic("a", null, null, "sample")));
  }

  /**
   * Writes CycloneDX 1.6 JSON (pretty-printed, UTF-8, final newline); does not close {@code out}.
   */
  public static void writeJson(Sbom sbom, FormatOptions options, OutputStream out)
      throws IOException {
    String json;
    try {
      json = new ReusableJsonGenerator(toBom(sbom, options), takeWarm()).toJsonString();
    } catch (GeneratorException e) {
      throw new IOException("writing CycloneDX JSON for " + sbom.subject().reference(), e);
    }
    write(json, out);
  }

  private static ObjectMapper takeWarm() {
    CompletableFuture<ObjectMapper> f = WARM.getAndSet(null);
    if (f == null) {
      return null;
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return null;
    }
  }

  /** Writes CycloneDX 1.6 XML (UTF-8, final newline); does not close {@code out}. */
  public static void writeXml(Sbom sbom, FormatOptions options, OutputStream out)
      throws IOException {
    String xml;
    try {
      xml = BomGeneratorFactory.createXml(Version.VERSION_16, toBom(sbom, options)).toXmlString();
    } catch (GeneratorException e) {
      throw new IOException("writing CycloneDX XML for " + sbom.subject().reference(), e);
    }
    write(xml, out);
  }

  private static void write(String text, OutputStream out) throws IOException {
    String s = text.endsWith("\n") ? text : text + "\n";
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String withFilePath(PackageURL purl, String location) {
    TreeMap<String, String> q = new TreeMap<>();
    if (purl.getQualifiers() != null) {
      q.putAll(purl.getQualifiers());
    }
    q.put("file_path", location);
    try {
      return new PackageURL(
              purl.getType(),
              purl.getNamespace(),
              purl.getName(),
              purl.getVersion(),
              q,
              purl.getSubpath())
          .canonicalize();
    } catch (com.github.packageurl.MalformedPackageURLException e) {
      throw new IllegalStateException("adding file_path to the valid purl " + purl, e);
    }
  }

  private static org.cyclonedx.model.Component imageComponent(Sbom sbom, String ref) {
    Subject s = sbom.subject();
    org.cyclonedx.model.Component c = new org.cyclonedx.model.Component();
    c.setType(org.cyclonedx.model.Component.Type.CONTAINER);
    c.setBomRef(ref);
    c.setName(s.reference());
    if (s.digest() != null) {
      c.setVersion(s.digest());
    }
    PackageURL purl = Purls.image(s);
    if (purl != null) {
      c.setPurl(purl.canonicalize());
    }
    List<Property> props = new ArrayList<>();
    String platform = platform(s);
    if (platform != null) {
      props.add(new Property(NS + "image:platform", platform));
    }
    for (LayerInfo l : sbom.layers()) {
      props.add(new Property(NS + "layer:" + l.index() + ":diffId", l.diffId()));
      props.add(new Property(NS + "layer:" + l.index() + ":origin", l.base() ? "base" : "app"));
    }
    if (!props.isEmpty()) {
      c.setProperties(props);
    }
    return c;
  }

  static String platform(Subject s) {
    if (s.os() == null || s.architecture() == null) {
      return null;
    }
    return s.os() + "/" + s.architecture() + (s.variant() == null ? "" : "/" + s.variant());
  }

  private static List<Property> metadataProperties(Sbom sbom) {
    List<Property> props = new ArrayList<>();
    BaseImage base = sbom.base();
    if (base != null) {
      props.add(new Property(NS + "base:rule", baseRule(base.rule())));
      addIfPresent(props, "base:name", base.name());
      addIfPresent(props, "base:digest", base.digest());
      props.add(new Property(NS + "base:layers", Integer.toString(base.layerCount())));
      addIfPresent(props, "base:note", base.note());
    }
    props.add(new Property(NS + "partial", Boolean.toString(sbom.partial())));
    for (Diagnostic d : sbom.diagnostics()) {
      props.add(new Property(NS + "diagnostic", d.toString()));
    }
    return props;
  }

  /** The lower-case, hyphenated name of a base rule ({@code layer-prefix}). */
  static String baseRule(BaseImage.Rule rule) {
    return rule.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static org.cyclonedx.model.Component osComponent(OsInfo os, String ref) {
    org.cyclonedx.model.Component c = new org.cyclonedx.model.Component();
    c.setType(org.cyclonedx.model.Component.Type.OPERATING_SYSTEM);
    c.setBomRef(ref);
    c.setName(os.id());
    if (os.versionId() != null) {
      c.setVersion(os.versionId());
    }
    if (os.prettyName() != null) {
      c.setDescription(os.prettyName());
    }
    List<Property> props = new ArrayList<>();
    addIfPresent(props, "os:codename", os.codename());
    addIfPresent(props, "os:source", os.source());
    if (!props.isEmpty()) {
      c.setProperties(props);
    }
    return c;
  }

  private static org.cyclonedx.model.Component component(Sbom sbom, Component comp, String ref) {
    Package p = comp.pkg();
    org.cyclonedx.model.Component c = new org.cyclonedx.model.Component();
    c.setType(org.cyclonedx.model.Component.Type.LIBRARY);
    c.setBomRef(ref);
    String group = null;
    String name = p.name();
    if (p.type().equals("maven") && name.indexOf(':') > 0) {
      group = name.substring(0, name.indexOf(':'));
      name = name.substring(name.indexOf(':') + 1);
    } else if (p.type().equals("npm") && name.startsWith("@") && name.indexOf('/') > 0) {
      group = name.substring(0, name.indexOf('/'));
      name = name.substring(name.indexOf('/') + 1);
    }
    if (group != null) {
      c.setGroup(group);
    }
    c.setName(name);
    if (p.version() != null) {
      c.setVersion(p.version());
    }
    PackageURL purl = Purls.of(comp, sbom.os());
    if (purl != null) {
      c.setPurl(purl.canonicalize());
    }
    String license = p.properties().get("license");
    if (license != null && !license.isBlank()) {
      c.setLicenses(licenses(license));
    }
    TreeMap<String, String> props = properties(sbom, comp);
    List<Property> list = new ArrayList<>();
    props.forEach((k, v) -> list.add(new Property(k, v)));
    c.setProperties(list);
    return c;
  }

  /**
   * The {@code drydock:} properties of a component, sorted by name (see the class comment); the
   * SPDX writer uses the same names in its annotations.
   */
  static TreeMap<String, String> properties(Sbom sbom, Component comp) {
    Package p = comp.pkg();
    TreeMap<String, String> props = new TreeMap<>();
    props.put(NS + "extractor", comp.extractor());
    props.put(NS + "location", p.location());
    if (comp.layer() >= 0 && comp.layer() < sbom.layers().size()) {
      LayerInfo layer = sbom.layers().get(comp.layer());
      props.put(NS + "layer:index", Integer.toString(comp.layer()));
      props.put(NS + "layer:diffId", layer.diffId());
      props.put(NS + "origin", layer.base() ? "base" : "app");
    }
    if (comp.osOwned()) {
      props.put(NS + "os-owned", "true");
    }
    if (p.sourceName() != null) {
      props.put(NS + "source:name", p.sourceName());
    }
    if (p.sourceVersion() != null) {
      props.put(NS + "source:version", p.sourceVersion());
    }
    for (Map.Entry<String, String> e : p.properties().entrySet()) {
      props.putIfAbsent(NS + e.getKey(), e.getValue());
    }
    return props;
  }

  private static LicenseChoice licenses(String license) {
    LicenseChoice choice = new LicenseChoice();
    String s = license.trim();
    if (SpdxLicenses.isId(s)) {
      License l = new License();
      l.setId(s);
      choice.addLicense(l);
    } else if (SpdxLicenses.isValidExpression(s)) {
      choice.setExpression(new Expression(s));
    } else {
      License l = new License();
      l.setName(s);
      choice.addLicense(l);
    }
    return choice;
  }

  private static void addIfPresent(List<Property> props, String key, String value) {
    if (value != null) {
      props.add(new Property(NS + key, value));
    }
  }
}
