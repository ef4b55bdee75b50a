package io.drydock.refresh.rebuild;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a rebuild is about: the app's tag and the digest it pointed at when its base was found to be
 * updated, and the base's old and new digests. All fields are non-null; {@code app} must have a tag
 * (that tag is what the CI pushes to and what {@link RebuildWaiter} watches).
 *
 * @param app the app image, with the tag the CI pushes (a digest in it is ignored)
 * @param appDigest the digest {@code app}'s tag pointed at before the rebuild
 * @param base the base image as the app's lineage names it (tag and/or digest)
 * @param oldBaseDigest the base digest the app was built on
 * @param newBaseDigest the updated base digest the rebuild should pick up
 */
public record RebuildContext(
    ImageRef app, Digest appDigest, ImageRef base, Digest oldBaseDigest, Digest newBaseDigest) {

  /** The placeholder names a template may use, besides {@code env:NAME}. */
  public static final List<String> PLACEHOLDERS =
      List.of("app", "appDigest", "base", "oldBaseDigest", "newBaseDigest", "tag");

  public RebuildContext {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(appDigest, "appDigest");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(oldBaseDigest, "oldBaseDigest");
    Objects.requireNonNull(newBaseDigest, "newBaseDigest");
    if (app.tag() == null) {
      throw new IllegalArgumentException(
          "rebuild of " + app + ": the app reference needs a tag (the one its CI pushes)");
    }
  }

  /** The tag the CI pushes, as an untagged-by-digest reference ({@code registry/repo:tag}). */
  public ImageRef appTag() {
    return app.withTag(app.tag());
  }

  /**
   * The placeholder values, in {@link #PLACEHOLDERS} order: {@code app} = {@code registry/repo} (no
   * tag), {@code tag}, {@code appDigest} and the base digests as {@code sha256:…}, {@code base} =
   * {@code registry/repo[:tag]} of the base (no digest).
   */
  public Map<String, String> variables() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("app", app.name());
    v.put("appDigest", appDigest.toString());
    v.put("base", base.name() + (base.tag() != null ? ":" + base.tag() : ""));
    v.put("oldBaseDigest", oldBaseDigest.toString());
    v.put("newBaseDigest", newBaseDigest.toString());
    v.put("tag", app.tag());
    return v;
  }
}
