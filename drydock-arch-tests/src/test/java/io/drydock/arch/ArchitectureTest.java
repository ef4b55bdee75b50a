package io.drydock.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Module direction (DESIGN.md §1) and banned calls, over the main classes of every module. A module
 * may depend only on the modules listed for it; the table mirrors DESIGN.md and grows with it.
 */
class ArchitectureTest {
  /** Module root package → modules it may depend on. */
  static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

  static {
    ALLOWED.put("oci", Set.of());
    ALLOWED.put("version", Set.of());
    ALLOWED.put("sbom", Set.of("oci"));
    ALLOWED.put("vuln", Set.of("sbom", "version", "oci"));
    ALLOWED.put("report", Set.of("sbom", "vuln", "version", "oci"));
    ALLOWED.put("policy", Set.of("sbom", "vuln", "version", "oci"));
    ALLOWED.put("sign", Set.of("oci"));
    ALLOWED.put("kube", Set.of());
    ALLOWED.put("admission", Set.of("policy", "sign", "oci", "sbom", "vuln", "version"));
    ALLOWED.put("refresh", Set.of("oci", "sbom", "vuln", "version", "policy", "sign", "kube"));
    ALLOWED.put(
        "server",
        Set.of(
            "oci",
            "sbom",
            "vuln",
            "version",
            "report",
            "policy",
            "sign",
            "kube",
            "admission",
            "refresh"));
    ALLOWED.put("cli", plus(ALLOWED.get("server"), "server"));
    // Test support sees the wire formats only, so drydock-oci's own tests can use it (no cycle).
    ALLOWED.put("testing", Set.of());
  }

  static Set<String> plus(Set<String> base, String... more) {
    Set<String> all = new java.util.HashSet<>(base);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }

  static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.drydock");
  }

  @Test
  void everyClassBelongsToAKnownModule() {
    assertThat(classes).isNotEmpty();
    for (JavaClass c : classes) {
      assertThat(ALLOWED).as("module of %s", c.getName()).containsKey(module(c.getPackageName()));
    }
  }

  @Test
  void modulesDependOnlyOnModulesAboveThem() {
    for (Map.Entry<String, Set<String>> e : ALLOWED.entrySet()) {
      String module = e.getKey();
      List<String> forbidden =
          ALLOWED.keySet().stream()
              .filter(m -> !m.equals(module) && !e.getValue().contains(m))
              .map(m -> "io.drydock." + m + "..")
              .toList();
      noClasses()
          .that()
          .resideInAPackage("io.drydock." + module + "..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(forbidden.toArray(String[]::new))
          .because("DESIGN.md §1: drydock-" + module + " may depend only on " + e.getValue())
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  @Test
  void onlyTheLauncherExits() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.drydock.cli.Main")
        .should()
        .callMethod(System.class, "exit", int.class)
        .because("library code reports errors; only the CLI entry point chooses the exit code")
        .check(classes);
  }

  @Test
  void onlyTheCliWritesToTheConsole() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.drydock.cli..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(Throwable.class, "printStackTrace")
        .because("libraries return results and throw; users see one line from the CLI")
        .check(classes);
  }

  @Test
  void decompressionIsAlwaysBounded() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("io.drydock.oci.content.Decompression")
        .and()
        .resideOutsideOfPackage("io.drydock.testing..")
        .should()
        .callConstructorWhere(
            com.tngtech.archunit.core.domain.JavaConstructorCall.Predicates.target(
                com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                    com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a decompressor",
                        (JavaClass o) ->
                            o.isEquivalentTo(java.util.zip.GZIPInputStream.class)
                                || o.isEquivalentTo(java.util.zip.InflaterInputStream.class)
                                || o.getName().equals("com.github.luben.zstd.ZstdInputStream")))))
        .because(
            "every decompressing stream must go through Decompression, which caps the output"
                + " (decompression bombs)")
        .check(classes);
  }

  static String module(String pkg) {
    String rest = pkg.substring("io.drydock.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }
}
