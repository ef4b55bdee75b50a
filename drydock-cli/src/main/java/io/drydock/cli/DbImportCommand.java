package io.drydock.cli;

import io.drydock.vuln.store.AdvisoryImporter;
import io.drydock.vuln.store.ImportResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drydock db import PATH…}: adds OSV records to the database in one atomic step. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import OSV records from JSON files, directories (recursively, *.json) and zip files.",
      "The database is replaced atomically: if the import fails, the previous one stays.",
      "Invalid records are counted and skipped; when an id repeats, the later 'modified' wins."
    })
final class DbImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "OSV JSON files, dirs or zips.")
  List<Path> paths;

  @Mixin DbDirOptions db;

  @Option(
      names = {"-q", "--quiet"},
      description =
          "No progress line on stderr (one is shown, and erased, only when stderr is a terminal).")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path file = db.dbFile();
    ImportResult r;
    try (ProgressLine progress = ProgressLine.forCommand(spec.commandLine().getErr(), quiet)) {
      r =
          new AdvisoryImporter(
                  file,
                  AdvisoryImporter.Limits.DEFAULT,
                  (source, n) ->
                      progress.update("importing " + source + ": " + n + " records read"),
                  Clock.systemUTC())
              .importPaths(paths);
    }
    out.println(
        "Imported "
            + r.read()
            + " records into "
            + file
            + ": "
            + r.added()
            + " added, "
            + r.replaced()
            + " replaced, "
            + r.unchanged()
            + " unchanged, "
            + r.invalid()
            + " invalid; "
            + r.total()
            + " advisories in total");
    for (String example : r.invalidExamples()) {
      out.println("warning: invalid record skipped: " + example);
    }
    if (r.invalid() > r.invalidExamples().size()) {
      out.println(
          "warning: " + (r.invalid() - r.invalidExamples().size()) + " more invalid records");
    }
    out.flush();
    return 0;
  }
}
