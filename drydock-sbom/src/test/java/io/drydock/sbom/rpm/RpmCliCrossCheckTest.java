package io.drydock.sbom.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drydock.sbom.Package;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each fixture read by the extractor equals what rpm itself prints for it ({@code rpm -qa}, minus
 * gpg-pubkey). Skipped when no {@code rpm} binary is on the PATH (CI may not have one). Debian's
 * rpm 4.18 reads sqlite and (read-only) Berkeley DB but has no NDB backend, so the NDB fixture is
 * compared with rpm's reading of the sqlite database its blobs came from.
 */
class RpmCliCrossCheckTest {
  private static final String QF =
      "%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n";

  @TempDir Path temp;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "sqlite/rpmdb.sqlite, var/lib/rpm/rpmdb.sqlite, sqlite/rpmdb.sqlite, sqlite",
    "bdb-le/Packages, var/lib/rpm/Packages, bdb-le/Packages, bdb_ro",
    "bdb-be/Packages, var/lib/rpm/Packages, bdb-be/Packages, bdb_ro",
    "bdb-inline/Packages, var/lib/rpm/Packages, bdb-inline/Packages, bdb_ro",
    "ndb/Packages.db, usr/lib/sysimage/rpm/Packages.db, sqlite/rpmdb.sqlite, sqlite"
  })
  void extractor_agrees_with_rpm_qa(
      String fixture, String imagePath, String rpmFixture, String backend) throws Exception {
    Path rpm = onPath("rpm");
    assumeTrue(rpm != null, "no rpm binary on the PATH");
    Path dbDir = temp.resolve("db");
    RpmFixtures.copy(rpmFixture, dbDir, Path.of(rpmFixture).getFileName().toString());

    List<String> expected =
        run(
                rpm.toString(),
                "--dbpath",
                dbDir.toString(),
                "--define",
                "_db_backend " + backend,
                "-qa",
                "--qf",
                QF)
            .stream()
            .filter(l -> !l.startsWith("gpg-pubkey\t"))
            .toList();
    List<String> actual =
        RpmFixtures.extract(imagePath, RpmFixtures.resource(fixture), temp.resolve("tmp"))
            .packages()
            .stream()
            .map(RpmCliCrossCheckTest::qa)
            .toList();

    assertThat(expected).hasSize(3);
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  private static String qa(Package p) {
    return String.join(
        "\t",
        p.name(),
        String.valueOf(p.epoch() == null ? 0 : p.epoch()),
        p.version(),
        p.arch() == null ? "(none)" : p.arch(),
        p.sourceName() == null ? "(none)" : p.sourceName() + "-" + p.sourceVersion() + ".src.rpm");
  }

  private List<String> run(String... command) throws IOException, InterruptedException {
    Path out = temp.resolve("rpm.out");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(temp.resolve("rpm.err").toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("rpm did not finish");
    }
    assertThat(p.exitValue()).as(Files.readString(temp.resolve("rpm.err"))).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  private static Path onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, name))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }
}
