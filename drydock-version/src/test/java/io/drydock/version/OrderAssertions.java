package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** Shared checks of the ordering vectors for the schemes that only have OSV's fixtures. */
final class OrderAssertions {
  private OrderAssertions() {}

  /** The rows of {@code files}, named {@code "a" OP "b" (file:line)}. */
  static Stream<Arguments> rows(String... files) {
    return Arrays.stream(files)
        .flatMap(f -> JsonlVectors.read(f).stream())
        .map(r -> Arguments.of(Named.of(r.comparisonName(), r)));
  }

  /** Both directions, and {@code equals}/{@code hashCode} agree with the order. */
  static void assertOrder(VersionScheme scheme, String a, String b, int cmp) {
    assertThat(scheme.compare(a, b)).as("compare(a, b)").isEqualTo(cmp);
    assertThat(scheme.compare(b, a)).as("compare(b, a)").isEqualTo(-cmp);
    Version va = scheme.parse(a);
    Version vb = scheme.parse(b);
    assertThat(va.equals(vb)).as("equals").isEqualTo(cmp == 0);
    if (cmp == 0) {
      assertThat(va.hashCode()).as("hashCode").isEqualTo(vb.hashCode());
    }
    assertThat(va.raw()).isEqualTo(a);
    assertThat(va.scheme()).isSameAs(vb.scheme());
    assertThat(va.scheme().name()).isEqualTo(scheme.name());
  }

  /** {@code parse} refuses {@code raw} with a message naming the scheme and the input. */
  static void assertRefused(VersionScheme scheme, String raw) {
    assertThatThrownBy(() -> scheme.parse(raw))
        .as("parse(%s)", raw)
        .isInstanceOf(InvalidVersionException.class)
        .hasMessageContaining(scheme.name())
        .hasMessageContaining(VersionText.display(raw));
  }
}
