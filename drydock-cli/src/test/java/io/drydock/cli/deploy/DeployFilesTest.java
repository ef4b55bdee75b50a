package io.drydock.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of deploy/Dockerfile without a container engine: it copies the jar the CLI
 * build makes, runs as the uid the chart expects, and has the entrypoint the chart's args assume.
 */
class DeployFilesTest {
  private static final Path DOCKERFILE = Chart.REPO.resolve("deploy/Dockerfile");

  @Test
  void dockerfileCopiesTheShadedCliJar() throws IOException {
    String pom = Files.readString(Chart.REPO.resolve("drydock-cli/pom.xml"));
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
    assertThat(finalName.find()).isTrue();
    String jar = "drydock-cli/target/" + finalName.group(1) + ".jar";
    String dockerfile = Files.readString(DOCKERFILE);
    assertThat(dockerfile).contains("COPY --from=build /src/" + jar + " ");
    assertThat(dockerfile).contains("-pl drydock-cli -am package");
  }

  @Test
  void dockerfileRunsNonRootWithTheDrydockEntrypoint() throws IOException {
    List<String> lines = Files.readAllLines(DOCKERFILE);
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from.get(from.size() - 1)).isEqualTo("FROM eclipse-temurin:17-jre");
    List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).toList();
    assertThat(users).containsExactly("USER 65532:65532");
    assertThat(lines).contains("ENTRYPOINT [\"drydock\"]", "EXPOSE 8443");
    // the chart's pods set the same cache dir, and need nothing else writable
    assertThat(String.join("\n", lines)).contains("DRYDOCK_CACHE_DIR=/var/cache/drydock");
  }

  @Test
  void certScriptIsExecutableAndStrict() throws IOException {
    Path script = Chart.REPO.resolve("deploy/gen-webhook-cert.sh");
    assertThat(Files.isExecutable(script)).isTrue();
    List<String> lines = Files.readAllLines(script);
    assertThat(lines.get(0)).isEqualTo("#!/usr/bin/env bash");
    assertThat(lines).contains("set -euo pipefail");
  }
}
