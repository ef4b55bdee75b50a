package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.testing.Golden;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The inspect formats on the bundled demo image (a stable, committed OCI layout). */
class InspectGoldenTest {
  static final String DEMO = "oci:" + Path.of("..", "examples", "demo-image") + ":demo";

  @Test
  void table() {
    CliRunner r = CliRunner.run("inspect", DEMO);
    assertThat(r.code()).as(r.err()).isZero();
    Golden.assertMatches("inspect-demo.txt", r.out());
  }

  @Test
  void json() {
    CliRunner r = CliRunner.run("inspect", "--format", "json", DEMO);
    assertThat(r.code()).as(r.err()).isZero();
    Golden.assertMatches("inspect-demo.json", r.out());
  }

  @Test
  void raw() {
    CliRunner r = CliRunner.run("inspect", "--raw", DEMO);
    assertThat(r.code()).as(r.err()).isZero();
    Golden.assertMatches("inspect-demo-raw.json", r.out());
  }
}
