package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad flags and files for {@code admission serve}: one line, exit 1 or 2, nothing served. */
class AdmissionServeCommandTest {
  @TempDir Path dir;

  @Test
  void badInputIsOneLine() throws Exception {
    Path policy =
        Files.writeString(
            dir.resolve("p.yaml"), "apiVersion: drydock.io/v1\nkind: Policy\nbuiltins: [no-kev]\n");
    Path pw = Files.writeString(dir.resolve("pw"), "pw\n");
    CliRunner keys =
        CliRunner.run(
            "generate-key-pair",
            "--output-key-prefix",
            dir.resolve("k").toString(),
            "--key-password-file",
            pw.toString());
    assertThat(keys.code()).as(keys.err()).isZero();
    String pub = dir.resolve("k.pub").toString();
    Path brokenPolicy = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: [\n");
    Path notPem = Files.writeString(dir.resolve("tls.crt"), "garbage");
    String[][] cases = {
      {"--policy", dir.resolve("missing.yaml").toString(), "--key", pub},
      {"--policy", brokenPolicy.toString(), "--key", pub},
      {"--policy", policy.toString(), "--key", dir.resolve("nokey.pub").toString()},
      {"--policy", policy.toString(), "--key", pub, "--listen", "localhost"},
      {"--policy", policy.toString(), "--key", pub, "--listen", ":99999"},
      {"--policy", policy.toString(), "--key", pub, "--failure-mode", "maybe"},
      {"--policy", policy.toString(), "--key", pub, "--tls-cert", notPem.toString()},
      {
        "--policy",
        policy.toString(),
        "--key",
        pub,
        "--tls-cert",
        notPem.toString(),
        "--tls-key",
        notPem.toString()
      },
      {"--policy", policy.toString(), "--key", pub, "--max-body-size", "0"},
      {"--policy", policy.toString(), "--key", pub, "--deadline", "soon"},
    };
    for (String[] c : cases) {
      String[] args = new String[c.length + 2];
      args[0] = "admission";
      args[1] = "serve";
      System.arraycopy(c, 0, args, 2, c.length);
      CliRunner r = CliRunner.run(args);
      assertThat(r.code()).as(String.join(" ", c) + " → " + r.err()).isIn(1, 2);
      assertThat(r.err()).as(String.join(" ", c)).doesNotContain("\tat ");
      if (r.code() == 1) {
        assertThat(r.oneLineError()).as(r.err()).isTrue();
      }
    }
  }
}
