package io.drydock.sbom.engine;

import io.drydock.sbom.BaseImage;
import io.drydock.sbom.BaseImage.Rule;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which of an image's first layers are its base image's, by the first rule that applies:
 *
 * <ol>
 *   <li>{@link Rule#FLAG}: the user named the base ({@code --base REF}); its layers are compared.
 *   <li>{@link Rule#ANNOTATION}: {@code org.opencontainers.image.base.digest} (and {@code .name})
 *       on the manifest, or as config labels; the base's layers come from {@link KnownImages} or
 *       the caller's {@link BaseLookup} (a registry read by digest, so content cannot be wrong).
 *   <li>{@link Rule#LAYER_PREFIX}: the known image with the longest layer list that is a prefix of
 *       this image's.
 *   <li>{@link Rule#NONE}: every layer is the app's.
 * </ol>
 *
 * When a named base's layers are not a prefix of the image's (the image was rebuilt on another
 * base, or the annotation is stale), only the common prefix counts and the note says so.
 */
public final class BaseAttribution {
  public static final String BASE_DIGEST = "org.opencontainers.image.base.digest";
  public static final String BASE_NAME = "org.opencontainers.image.base.name";

  /** A base image the user named, already read. */
  public record BaseHint(String name, String digest, List<String> diffIds) {}

  /** Reads a base image's layer diffIDs; may use the network. Empty when it cannot. */
  public interface BaseLookup {
    Optional<List<String>> diffIds(String name, String digest);

    static BaseLookup none() {
      return (n, d) -> Optional.empty();
    }
  }

  private BaseAttribution() {}

  /**
   * @param diffIds the image's layers
   * @param annotations manifest annotations merged over config labels
   * @param flag the base from {@code --base}, or {@code null}
   * @param known analysed images, or {@code null} when there is no cache
   */
  public static BaseImage decide(
      List<String> diffIds,
      Map<String, String> annotations,
      BaseHint flag,
      KnownImages known,
      BaseLookup lookup) {
    if (flag != null) {
      return compare(Rule.FLAG, flag.name(), flag.digest(), flag.diffIds(), diffIds, null);
    }
    String digest = annotations.get(BASE_DIGEST);
    String name = annotations.get(BASE_NAME);
    if (digest != null && !digest.isBlank()) {
      Optional<List<String>> layers =
          known == null ? Optional.empty() : known.byDigest(digest).map(KnownImages.Known::diffIds);
      if (layers.isEmpty()) {
        layers = lookup.diffIds(name, digest);
      }
      if (layers.isPresent()) {
        return compare(Rule.ANNOTATION, name, digest, layers.get(), diffIds, null);
      }
      String missing =
          "annotated base " + (name == null ? "" : name + "@") + digest + " could not be read";
      Optional<KnownImages.Known> prefix =
          known == null ? Optional.empty() : known.longestPrefixOf(diffIds);
      if (prefix.isPresent()) {
        KnownImages.Known k = prefix.get();
        return new BaseImage(
            Rule.LAYER_PREFIX,
            k.reference(),
            k.digest(),
            k.diffIds().size(),
            missing + "; matched a known image's layers instead");
      }
      return new BaseImage(
          Rule.ANNOTATION, name, digest, 0, missing + "; all layers are counted as the app's");
    }
    Optional<KnownImages.Known> prefix =
        known == null ? Optional.empty() : known.longestPrefixOf(diffIds);
    if (prefix.isPresent()) {
      KnownImages.Known k = prefix.get();
      return new BaseImage(Rule.LAYER_PREFIX, k.reference(), k.digest(), k.diffIds().size(), null);
    }
    return BaseImage.none();
  }

  private static BaseImage compare(
      Rule rule, String name, String digest, List<String> base, List<String> image, String note) {
    int common = 0;
    while (common < base.size()
        && common < image.size()
        && base.get(common).equals(image.get(common))) {
      common++;
    }
    if (common == base.size()) {
      return new BaseImage(rule, name, digest, common, note);
    }
    return new BaseImage(
        rule,
        name,
        digest,
        common,
        "the base's "
            + base.size()
            + " layers are not a prefix of the image's; "
            + common
            + " shared layer(s) counted as the base");
  }
}
