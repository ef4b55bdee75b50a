package io.drydock.cli;

import io.drydock.oci.Image;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Layer;
import io.drydock.oci.Target;
import io.drydock.oci.tar.LayerTarReader;
import io.drydock.oci.tar.TarDiagnostic;
import io.drydock.oci.tar.TarEntry;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drydock validate TARGET}: reads every layer to the end (like {@code crane validate}): blob
 * digest and size, diffID, and a tar walk that reports what Drydock would skip and why. Memory
 * stays bounded whatever the layer size.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Read every layer of an image and check it: blob digest and size, diffID, tar structure.",
      "Entries Drydock refuses to apply (absolute paths, .. escapes, ...) are listed as warnings.",
      "Exits 1 on the first layer that fails verification."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "The image to validate.")
  String target;

  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Target parsed = Target.parse(target);
    io.drydock.oci.Platform platform = sourceOptions.platform();
    try (ImageSource source = sourceOptions.open(parsed)) {
      Image image = source.image(platform);
      Table t =
          new Table("#", "DIGEST", "ENTRIES", "FILES", "WHITEOUTS", "UNCOMPRESSED", "WARNINGS");
      List<String> warnings = new ArrayList<>();
      for (int i = 0; i < image.layers().size(); i++) {
        Layer layer = image.layers().get(i);
        String what = "layer " + (i + 1) + " of " + source.describe();
        long entries = 0;
        long files = 0;
        long whiteouts = 0;
        long bytes = 0;
        List<TarDiagnostic> diagnostics;
        try (InputStream in = layer.openUncompressed();
            LayerTarReader tar = new LayerTarReader(in, what)) {
          for (TarEntry e = tar.next(); e != null; e = tar.next()) {
            entries++;
            switch (e.type()) {
              case FILE -> {
                files++;
                bytes += e.size();
              }
              case WHITEOUT, OPAQUE -> whiteouts++;
              default -> {}
            }
          }
          // Padding after the end-of-archive blocks: read it so the digests are checked at EOF.
          in.transferTo(OutputStream.nullOutputStream());
          diagnostics = tar.diagnostics();
        }
        for (TarDiagnostic d : diagnostics) {
          warnings.add(what + ": " + d);
        }
        t.add(
            String.valueOf(i + 1),
            layer.digest().toString(),
            String.valueOf(entries),
            String.valueOf(files),
            String.valueOf(whiteouts),
            Table.size(bytes),
            String.valueOf(diagnostics.size()));
      }
      out.println(source.describe() + " (" + image.digest() + ")");
      t.print(out, "  ");
      for (String w : warnings) {
        out.println("warning: " + w);
      }
      out.println(
          "OK: "
              + image.layers().size()
              + " layers verified (digest, size, diffID)"
              + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warnings"));
      out.flush();
      return 0;
    } finally {
      sourceOptions.close();
    }
  }
}
