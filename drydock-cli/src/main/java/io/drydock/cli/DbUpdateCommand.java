package io.drydock.cli;

import io.drydock.vuln.store.ImportResult;
import io.drydock.vuln.store.OsvBulkUpdater;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code drydock db update}: refreshes the database from the OSV bulk layout. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    header = "Update the advisory database from the OSV bulk export or a mirror of it.",
    description = {
      "Update the advisory database from the OSV bulk export (<ecosystem>/all.zip, then only the",
      "records listed after the last update in <ecosystem>/modified_id.csv), over HTTP(S) or from",
      "a local mirror directory. Files unchanged since the last update (HTTP 304 to a conditional",
      "request, or the same size and time in a directory) are not downloaded again; every download",
      "is checked against its Content-Length and x-goog-hash. Atomic: a failed update leaves the",
      "previous database."
    })
final class DbUpdateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DbDirOptions db;

  @Option(
      names = "--source",
      paramLabel = "URL|DIR",
      defaultValue = OsvBulkUpdater.DEFAULT_SOURCE,
      description = "Base URL or directory of the bulk layout (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--ecosystems",
      split = ",",
      paramLabel = "NAME",
      description =
          "Ecosystems to update, e.g. PyPI,Maven,Debian:12 (default: all in ecosystems.txt).")
  List<String> ecosystems = List.of();

  @Option(
      names = {"-q", "--quiet"},
      description =
          "No progress line on stderr (one is shown, and erased, only when stderr is a terminal).")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean remote = source.startsWith("http://") || source.startsWith("https://");
    if (!remote && !Files.isDirectory(Path.of(source))) {
      throw new NoSuchFileException(source);
    }
    HttpClient http =
        remote
            ? HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build()
            : null;
    OsvBulkUpdater.Result r;
    try (ProgressLine line = ProgressLine.forCommand(spec.commandLine().getErr(), quiet)) {
      r = new OsvBulkUpdater(db.dbFile(), source, http).progress(line::update).update(ecosystems);
    }
    Table t = new Table("ECOSYSTEM", "UPDATE", "FILES");
    for (OsvBulkUpdater.EcosystemUpdate e : r.ecosystems()) {
      t.add(
          e.ecosystem(),
          e.notModified() ? e.mode() + " (not modified)" : e.mode(),
          String.valueOf(e.files()));
    }
    t.print(out, "");
    ImportResult i = r.imported();
    out.println(
        "Updated "
            + db.dbFile()
            + ": "
            + i.added()
            + " added, "
            + i.replaced()
            + " replaced, "
            + i.unchanged()
            + " unchanged, "
            + i.invalid()
            + " invalid; "
            + i.total()
            + " advisories in total");
    for (String example : i.invalidExamples()) {
      out.println("warning: invalid record skipped: " + example);
    }
    out.flush();
    return 0;
  }
}
