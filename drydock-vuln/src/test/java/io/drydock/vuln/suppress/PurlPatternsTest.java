package io.drydock.vuln.suppress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PurlPatternsTest {
  // cases from Trivy's "PURL matching" appendix (docs/docs/supply-chain/vex/file.md)
  @ParameterizedTest
  @CsvSource({
    "pkg:maven/com.google.guava/guava, pkg:maven/com.google.guava/guava@24.1.1, true",
    "pkg:maven/com.google.guava/guava@24.1.1, pkg:maven/com.google.guava/guava@24.1.1?classifier=x86, true",
    "pkg:maven/com.google.guava/guava@24.1.1?classifier=x86, pkg:maven/com.google.guava/guava@24.1.1?classifier=x86&type=dll, true",
    "pkg:maven/com.google.guava/guava@24.1.1?classifier=x86, pkg:maven/com.google.guava/guava@24.1.1, false",
    "pkg:maven/com.google.guava/guava@24.1.1?classifier=x86, pkg:maven/com.google.guava/guava@24.1.1?classifier=sources, false",
    "pkg:maven/com.google.guava/guava@24.1.1, pkg:maven/com.google.guava/guava@30.0, false",
    "pkg:maven/com.google.guava/guava@24.1.1?type=jar, pkg:maven/com.google.guava/guava@24.1.1, true",
    "pkg:maven/com.google.guava/guava@24.1.1?type=pom, pkg:maven/com.google.guava/guava@24.1.1, false",
    "pkg:npm/guava@24.1.1?type=jar, pkg:npm/guava@24.1.1, false",
    "pkg:deb/debian/libssl3, pkg:deb/ubuntu/libssl3@3.0.2, false",
    "pkg:deb/debian/libssl3?distro=debian-12, pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12, true",
  })
  void trivyAndGoVexRule(String pattern, String target, boolean expected) {
    assertThat(PurlPatterns.matches(PurlPatterns.parse(pattern), PurlPatterns.parse(target)))
        .isEqualTo(expected);
  }

  @Test
  void missingPurlsNeverMatch() {
    assertThat(PurlPatterns.matches(PurlPatterns.parse("pkg:npm/a"), null)).isFalse();
    assertThat(PurlPatterns.parse("not a purl")).isNull();
    assertThat(PurlPatterns.parse("pkg:")).isNull();
  }
}
