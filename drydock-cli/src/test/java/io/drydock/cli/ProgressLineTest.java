package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.sbom.engine.SbomEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress line: its own behaviour (throttling, erasing, off when disabled), and end to end in
 * a real pseudo-terminal (util-linux {@code script}) against redirected stderr and {@code --quiet}.
 */
class ProgressLineTest {
  @TempDir Path dir;

  @Test
  void updatesAreThrottledStageChangesAreNotAndCloseErasesTheLine() {
    StringWriter out = new StringWriter();
    AtomicLong now = new AtomicLong(0);
    ProgressLine line = new ProgressLine(new PrintWriter(out), true, now::get);
    line.update("a");
    now.addAndGet(10_000_000L); // 10 ms later: dropped
    line.update("b");
    line.updateNow("c"); // a stage change always shows
    now.addAndGet(150_000_000L);
    line.update("d");
    line.close();
    assertThat(out.toString()).isEqualTo("\ra\u001b[K\rc\u001b[K\rd\u001b[K\r\u001b[K");
    line.close();
    assertThat(out.toString()).as("erased once").endsWith("\rd\u001b[K\r\u001b[K");
  }

  @Test
  void disabledItWritesNothingAndGivesTheEngineNoListener() {
    StringWriter out = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(out), false, System::nanoTime);
    line.updateNow("x");
    assertThat(line.layers("img")).isSameAs(SbomEngine.Progress.NONE);
    line.close();
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void layerEventsCountLayersCacheHitsAndBytes() {
    StringWriter out = new StringWriter();
    ProgressLine line = new ProgressLine(new PrintWriter(out), true, System::nanoTime);
    SbomEngine.Progress p = line.layers("reg/app:1");
    p.layerStarted(0, 2, "sha256:aa");
    p.layerDone(0, true);
    p.layerStarted(1, 2, "sha256:bb");
    p.layerRead(1, 3_500_000);
    p.layerDone(1, false);
    assertThat(out.toString())
        .endsWith("\rreading reg/app:1: layers 2/2 done (1 cached), 3.5 MB unpacked\u001b[K");
  }

  @Test
  void aScanAtATerminalShowsProgressAndErasesItQuietOrRedirectedShowsNone() throws Exception {
    String cache = dir.resolve("cache").toString();
    String withTty = inTerminal("scan", "--cache-dir", cache, ScanCommandTest.DEMO);
    assertThat(withTty).contains("\rreading ").contains("layers 2/2 done").contains("\r\u001b[K");
    // the report follows the erased line: the demo finding is there
    assertThat(withTty).contains("CVE-");
    assertThat(inTerminal("scan", "-q", "--cache-dir", cache, ScanCommandTest.DEMO))
        .doesNotContain("\rreading");
    assertThat(inTerminal("sbom", "--quiet", "--cache-dir", cache, ScanCommandTest.DEMO))
        .doesNotContain("\rreading");
  }

  @Test
  void dbImportAndUpdateShowProgressAtATerminal() throws Exception {
    String imported =
        inTerminal(
            "db",
            "import",
            "--db-dir",
            dir.resolve("db1").toString(),
            DbCommandTest.advisories().toString());
    assertThat(imported).contains("\rimporting ").contains("records read").contains("Imported ");
    assertThat(
            inTerminal(
                "db",
                "import",
                "-q",
                "--db-dir",
                dir.resolve("db2").toString(),
                DbCommandTest.advisories().toString()))
        .doesNotContain("\rimporting")
        .contains("Imported ");
    // a directory mirror of the OSV bulk layout: PyPI/all.zip
    Path mirror = Files.createDirectories(dir.resolve("mirror/PyPI"));
    Files.writeString(dir.resolve("mirror/ecosystems.txt"), "PyPI\n");
    try (var zip =
            new java.util.zip.ZipOutputStream(Files.newOutputStream(mirror.resolve("all.zip")));
        var files = Files.list(DbCommandTest.advisories().resolve("pypa"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(f.getFileName().toString()));
        zip.write(Files.readAllBytes(f));
        zip.closeEntry();
      }
    }
    String updated =
        inTerminal(
            "db",
            "update",
            "--source",
            dir.resolve("mirror").toString(),
            "--db-dir",
            dir.resolve("db3").toString());
    assertThat(updated)
        .contains("\rupdating PyPI (1/1): ")
        .contains("\rimporting: ")
        .contains("Updated ");
  }

  /** Runs the CLI in a pseudo-terminal (stdin, stdout and stderr all on it); its whole output. */
  private String inTerminal(String... args) throws Exception {
    List<String> cli = new ArrayList<>();
    cli.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cli.add("-cp");
    cli.add(System.getProperty("java.class.path"));
    cli.add("io.drydock.cli.Main");
    cli.addAll(List.of(args));
    StringBuilder command = new StringBuilder();
    for (String a : cli) {
      command.append(" '").append(a.replace("'", "'\\''")).append("'");
    }
    Path out = dir.resolve("pty.out");
    Process p =
        new ProcessBuilder("script", "-qec", command.toString(), "/dev/null")
            .redirectOutput(out.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the CLI finished").isTrue();
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isIn(0, 1);
    return text;
  }
}
