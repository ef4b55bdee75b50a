package io.drydock.cli;

import io.drydock.oci.Digest;
import io.drydock.oci.Image;
import io.drydock.oci.ImageRef;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Target;
import io.drydock.oci.layout.OciLayoutWriter;
import io.drydock.oci.registry.RegistryPusher;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code drydock copy SRC DEST}: like {@code skopeo copy} for one platform. The manifest and config
 * are copied byte for byte, so the digest stays the same; every blob is verified on the way.
 */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    description = {
      "Copy an image to an OCI layout (oci:DIR[:ref]) or a registry, byte for byte.",
      "From a multi-platform image, the image for --platform is copied.",
      "Blobs are verified while copying; blobs already there are skipped, blobs in another",
      "repository of the same registry are mounted instead of uploaded.",
      "Prints the manifest digest on stdout."
    })
final class CopyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SRC", description = "The image to copy (any TARGET).")
  String source;

  @Parameters(
      index = "1",
      paramLabel = "DEST",
      description = "Where to: oci:DIR[:ref], or a registry reference.")
  String destination;

  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    Target src = Target.parse(source);
    Target dest = Target.parse(destination);
    io.drydock.oci.Platform platform = sourceOptions.platform();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (ImageSource in = sourceOptions.open(src)) {
      Image image = in.image(platform);
      Digest digest;
      if (dest instanceof Target.OciLayout layout) {
        digest = OciLayoutWriter.open(layout.dir()).write(image, layout.ref());
        err.println(
            "Copied " + in.describe() + " to " + dest.describe() + " (" + layers(image) + ")");
      } else if (dest instanceof Target.Registry registry) {
        ImageRef mountFrom = src instanceof Target.Registry r ? r.ref() : null;
        RegistryPusher.Result result =
            RegistryPusher.push(sourceOptions.client(), image, registry.ref(), mountFrom);
        digest = result.digest();
        err.println(
            "Copied "
                + in.describe()
                + " to "
                + registry.ref()
                + " ("
                + layers(image)
                + "; blobs: "
                + result.uploaded()
                + " uploaded, "
                + result.mounted()
                + " mounted, "
                + result.existing()
                + " already there)");
      } else {
        throw new IllegalArgumentException(
            "cannot copy to \""
                + destination
                + "\": DEST must be oci:DIR[:ref] or a registry reference");
      }
      out.println(digest);
      out.flush();
      err.flush();
      return 0;
    } finally {
      sourceOptions.close();
    }
  }

  private static String layers(Image image) {
    long total = image.layers().stream().mapToLong(l -> l.size()).sum();
    return image.layers().size() + " layers, " + Table.size(total);
  }
}
