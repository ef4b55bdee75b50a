package io.drydock.cli;

import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.oci.Target;
import io.drydock.refresh.RebasePlan;
import io.drydock.refresh.RebaseResult;
import io.drydock.refresh.Rebaser;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code drydock rebase IMAGE --old-base REF --new-base REF --tag REF}: like {@code crane rebase},
 * in the registry. Prints {@code TAG@sha256:…} on stdout (or the plan with {@code --dry-run}, or
 * JSON with {@code --format json}); progress on stderr.
 */
@Command(
    name = "rebase",
    mixinStandardHelpOptions = true,
    header = "Move a registry image onto an updated base image, without rebuilding.",
    description = {
      "Move a registry image from the base it was built on to an updated base, without",
      "rebuilding: the new base's layers, then the image's own layers, with the image's config",
      "(entrypoint, cmd, env, user, labels...) and history carried over. Refused unless the",
      "image's layers start with exactly the old base's layers. Multi-platform images are",
      "rebased platform by platform. Blobs are mounted across repositories when the registry",
      "allows, else copied. The tag is set last; running again when it is current does nothing.",
      "Prints TAG@sha256:... on stdout."
    })
final class RebaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "IMAGE", description = "The registry image to rebase.")
  String image;

  @Option(
      names = "--old-base",
      required = true,
      paramLabel = "REF",
      description = "The base IMAGE was built on (tag or digest).")
  String oldBase;

  @Option(
      names = "--new-base",
      required = true,
      paramLabel = "REF",
      description = "The base to move it to; named in the base.name annotation as given.")
  String newBase;

  @Option(
      names = "--tag",
      required = true,
      paramLabel = "REF",
      description = "Where to push the result (host/repo:tag).")
  String tag;

  @Option(
      names = "--dry-run",
      description = "Print the plan and the resulting digest; push nothing.")
  boolean dryRun;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format = Format.TEXT;

  enum Format {
    TEXT,
    JSON
  }

  @Mixin SourceOptions sourceOptions;

  @Override
  public Integer call() throws Exception {
    if (sourceOptions.platform != null) {
      throw new ParameterException(
          spec.commandLine(), "rebase rebases every platform of IMAGE; --platform is not used");
    }
    ImageRef app = registryRef(image, "IMAGE");
    ImageRef old = registryRef(oldBase, "--old-base");
    ImageRef neu = registryRef(newBase, "--new-base");
    ImageRef dest = registryRef(tag, "--tag");
    if (dest.digest() != null) {
      throw new ParameterException(
          spec.commandLine(), "--tag must name a tag, not a digest: \"" + tag + "\"");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Rebaser rebaser =
          new Rebaser(
              sourceOptions.client(),
              line -> {
                synchronized (err) {
                  err.println(line);
                }
              });
      RebasePlan plan = rebaser.plan(new Rebaser.Request(app, old, neu, baseName(neu), dest));
      plan.notes().forEach(n -> err.println("note: " + n));
      RebaseResult result = dryRun ? null : rebaser.execute(plan);
      if (format == Format.JSON) {
        out.println(Json.MAPPER.writeValueAsString(json(plan, result, dest)));
      } else if (dryRun) {
        printPlan(out, plan, dest);
      } else {
        out.println(dest + "@" + result.digest());
      }
      out.flush();
      err.flush();
      return 0;
    } finally {
      sourceOptions.close();
    }
  }

  private ImageRef registryRef(String input, String what) {
    Target t = Target.parse(input);
    if (!(t instanceof Target.Registry r)) {
      throw new ParameterException(
          spec.commandLine(),
          what + " must be a registry image (host/repo:tag or @sha256:...), not \"" + input + "\"");
    }
    return r.ref();
  }

  /** The new base as the user named it, in tag form: the input without a digest or transport. */
  private String baseName(ImageRef ref) {
    String s = newBase.startsWith("docker://") ? newBase.substring(9) : newBase;
    int at = s.indexOf('@');
    s = at < 0 ? s : s.substring(0, at);
    return s.isEmpty() ? ref.name() : s;
  }

  private static void printPlan(PrintWriter out, RebasePlan plan, ImageRef dest) {
    Rebaser.Request r = plan.request();
    out.println("image:     " + r.app().name() + "@" + plan.appDigest());
    out.println("old base:  " + r.oldBase().name() + "@" + plan.oldBaseDigest());
    out.println("new base:  " + r.newBase().name() + "@" + plan.newBaseDigest());
    for (RebasePlan.Image i : plan.images()) {
      out.println(
          "  "
              + i.platform()
              + ": "
              + i.oldBaseLayers()
              + " old base layers -> "
              + i.newBaseLayers()
              + " new base layers, "
              + i.appLayers()
              + " app layers kept -> "
              + i.manifest().digest());
    }
    out.println("result:    " + dest + "@" + plan.digest() + " (dry run: nothing pushed)");
  }

  private static ObjectNode json(RebasePlan plan, RebaseResult result, ImageRef dest) {
    Rebaser.Request r = plan.request();
    ObjectNode j = Json.MAPPER.createObjectNode();
    j.put("image", r.app().name());
    j.put("imageDigest", plan.appDigest().toString());
    j.put("oldBase", r.oldBase().name());
    j.put("oldBaseDigest", plan.oldBaseDigest().toString());
    j.put("newBase", r.newBaseName());
    j.put("newBaseDigest", plan.newBaseDigest().toString());
    j.put("tag", dest.toString());
    j.put("digest", plan.digest().toString());
    j.put("mediaType", plan.result().mediaType());
    j.put("dryRun", result == null);
    j.put("upToDate", result != null && result.upToDate());
    ArrayNode images = j.putArray("platforms");
    for (RebasePlan.Image i : plan.images()) {
      ObjectNode p = images.addObject();
      p.put("platform", i.platform().toString());
      p.put("imageDigest", i.appManifest().toString());
      p.put("oldBaseDigest", i.oldBaseManifest().toString());
      p.put("newBaseDigest", i.newBaseManifest().toString());
      p.put("oldBaseLayers", i.oldBaseLayers());
      p.put("newBaseLayers", i.newBaseLayers());
      p.put("appLayers", i.appLayers());
      p.put("digest", i.manifest().digest().toString());
    }
    ObjectNode blobs = j.putObject("blobs");
    blobs.put("total", plan.blobs().size());
    blobs.put("mounted", result == null ? 0 : result.mounted());
    blobs.put("copied", result == null ? 0 : result.copied());
    blobs.put("existing", result == null ? 0 : result.existing());
    ArrayNode notes = j.putArray("notes");
    plan.notes().forEach(notes::add);
    return j;
  }
}
