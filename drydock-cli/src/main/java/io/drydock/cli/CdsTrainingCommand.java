package io.drydock.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Hidden: the training run {@code bin/drydock} records a class-data-sharing archive from. It walks
 * the code paths of a typical command in one JVM: reading and validating the bundled demo image,
 * copying it into a temporary layout, a registry request (to a closed loopback port, so it needs no
 * network), SBOMs and scans of it against the bundled advisories in every format, so that their
 * classes (and, on JDK 25+, their method profiles) are archived. Writes nothing outside a temp
 * directory it deletes.
 */
@Command(name = "cds-training", hidden = true)
final class CdsTrainingCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DEMO_LAYOUT")
  Path demo;

  @Override
  public Integer call() throws IOException {
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    Path tmp = Files.createTempDirectory("drydock-cds");
    try {
      String src = "oci:" + demo + ":demo";
      Main.run(new String[] {"inspect", "--format", "json", src}, quiet, quiet);
      Main.run(new String[] {"inspect", src}, quiet, quiet);
      Main.run(new String[] {"validate", src}, quiet, quiet);
      Main.run(new String[] {"copy", src, "oci:" + tmp.resolve("copy") + ":demo"}, quiet, quiet);
      Main.run(new String[] {"inspect", "127.0.0.1:9/drydock/cds:training"}, quiet, quiet);
      String cache = tmp.resolve("cache").toString();
      for (String format : List.of("cyclonedx", "spdx-json", "json", "cyclonedx-xml")) {
        Main.run(new String[] {"sbom", "--cache-dir", cache, "-f", format, src}, quiet, quiet);
      }
      Path rootfs = Files.createDirectories(tmp.resolve("rootfs/var/lib/dpkg"));
      Files.writeString(
          rootfs.resolve("status"),
          "Package: cds\nStatus: install ok installed\nVersion: 1.0\nArchitecture: all\n");
      Main.run(
          new String[] {"sbom", "--cache-dir", cache, "dir:" + tmp.resolve("rootfs")},
          quiet,
          quiet);
      // The scan path: the bundled advisories (imported into the temp cache), every report format.
      String db = BundledAdvisories.database(tmp.resolve("cache")).getParent().toString();
      for (String format : List.of("table", "json", "sarif", "cyclonedx", "junit")) {
        Main.run(
            new String[] {
              "scan", "--quiet", "--db-dir", db, "--cache-dir", cache, "-f", format, src
            },
            quiet,
            quiet);
      }
      return 0;
    } finally {
      TempFiles.deleteTree(tmp);
    }
  }
}
