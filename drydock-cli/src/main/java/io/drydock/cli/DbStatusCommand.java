package io.drydock.cli;

import io.drydock.oci.Json;
import io.drydock.vuln.store.AdvisoryStore;
import io.drydock.vuln.store.StoreStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code drydock db status}: what the database holds and how old it is. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show the advisory database: counts per ecosystem, invalid records, sources, age.")
final class DbStatusCommand implements Callable<Integer> {
  enum Format {
    table,
    json
  }

  @Spec CommandSpec spec;

  @Mixin DbDirOptions db;

  @Option(
      names = {"-f", "--format"},
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path file = db.dbFile();
    if (!Files.exists(file)) {
      throw new IOException(
          file + ": no advisory database here; create one with 'drydock db import PATH...'");
    }
    StoreStatus s;
    try (AdvisoryStore store = AdvisoryStore.open(file)) {
      s = store.status();
    }
    Instant now = Instant.now();
    if (format == Format.json) {
      out.println(
          Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(file, s, now)));
    } else {
      table(out, file, s, now);
    }
    out.flush();
    return 0;
  }

  static ObjectNode json(Path file, StoreStatus s, Instant now) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("dbFile", file.toString());
    o.put("schemaVersion", s.schemaVersion());
    o.put("total", s.total());
    o.put("invalid", s.invalid());
    o.put("lastUpdate", s.lastUpdate() == null ? null : s.lastUpdate().toString());
    if (s.lastUpdate() == null) {
      o.putNull("ageSeconds");
    } else {
      o.put("ageSeconds", Math.max(0, Duration.between(s.lastUpdate(), now).toSeconds()));
    }
    ObjectNode eco = o.putObject("ecosystems");
    for (Map.Entry<String, Long> e : s.perEcosystem().entrySet()) {
      eco.put(e.getKey(), e.getValue());
    }
    ArrayNode sources = o.putArray("sources");
    for (StoreStatus.Source src : s.sources()) {
      ObjectNode n = sources.addObject();
      n.put("location", src.location());
      n.put("records", src.records());
      n.put("invalid", src.invalid());
      n.put("imported", src.imported().toString());
    }
    return o;
  }

  static void table(PrintWriter out, Path file, StoreStatus s, Instant now) {
    Table head = Table.withoutHeader(2);
    head.add("Database:", file.toString());
    head.add("Schema version:", String.valueOf(s.schemaVersion()));
    head.add(
        "Updated:",
        s.lastUpdate() == null
            ? "never"
            : s.lastUpdate() + " (" + age(Duration.between(s.lastUpdate(), now)) + " ago)");
    head.add("Advisories:", String.valueOf(s.total()));
    head.add("Invalid records:", String.valueOf(s.invalid()));
    head.print(out, "");
    out.println();
    Table eco = new Table("ECOSYSTEM", "ADVISORIES");
    s.perEcosystem().forEach((k, v) -> eco.add(k, String.valueOf(v)));
    eco.print(out, "");
    out.println();
    Table src = new Table("SOURCE", "RECORDS", "INVALID", "IMPORTED");
    for (StoreStatus.Source x : s.sources()) {
      src.add(
          x.location(),
          String.valueOf(x.records()),
          String.valueOf(x.invalid()),
          x.imported().toString());
    }
    src.print(out, "");
  }

  static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s == 1) {
      return "1 second";
    }
    if (s < 120) {
      return s + " seconds";
    }
    if (s < 2 * 3600) {
      return s / 60 + " minutes";
    }
    if (s < 2 * 86400) {
      return s / 3600 + " hours";
    }
    return s / 86400 + " days";
  }
}
