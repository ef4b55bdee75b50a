package io.drydock.admission;

/**
 * Where the webhook tells what it decided about which image, besides its answer: the Drydock
 * server's inventory ({@link ServerReporter}). Must never block or fail an admission.
 */
@FunctionalInterface
public interface ImageSightings {
  /** Nobody to tell. */
  ImageSightings NONE = (image, digest, namespace, verdict, reasons) -> {};

  /**
   * One decided image.
   *
   * @param image the image as written in the pod spec
   * @param digest the digest it resolved to
   * @param namespace the request's namespace
   * @param verdict {@code allow}, {@code warn} or {@code deny}
   * @param reasons the denials or warnings behind the verdict
   */
  void seen(
      String image,
      String digest,
      String namespace,
      String verdict,
      java.util.List<String> reasons);
}
