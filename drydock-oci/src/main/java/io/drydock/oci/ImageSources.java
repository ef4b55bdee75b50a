package io.drydock.oci;

import io.drydock.oci.archive.DockerArchiveSource;
import io.drydock.oci.layout.OciArchiveSource;
import io.drydock.oci.layout.OciLayoutSource;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryImageSource;
import io.drydock.oci.rootfs.RootfsSource;
import java.io.IOException;

/**
 * Opens the {@link ImageSource} a {@link Target} names: the one place transports are dispatched.
 */
public final class ImageSources {
  private ImageSources() {}

  /** Supplies the registry client only when a registry target needs one. */
  @FunctionalInterface
  public interface ClientSupplier {
    RegistryClient get() throws IOException;
  }

  /**
   * Opens {@code target}. Local sources read their index/manifest now (a missing or malformed file
   * fails here with a one-line message); registry sources do no I/O until used.
   *
   * @throws IllegalArgumentException for {@code sbom:} targets, which are not images
   */
  public static ImageSource open(Target target, ClientSupplier registry) throws IOException {
    if (target instanceof Target.Registry r) {
      return RegistryImageSource.open(r.ref(), registry.get());
    } else if (target instanceof Target.OciLayout l) {
      return OciLayoutSource.open(l.dir(), l.ref());
    } else if (target instanceof Target.OciArchive a) {
      return OciArchiveSource.open(a.file(), a.ref());
    } else if (target instanceof Target.DockerArchive d) {
      return DockerArchiveSource.open(d.file(), d.ref());
    } else if (target instanceof Target.Rootfs f) {
      return RootfsSource.open(f.dir());
    }
    throw new IllegalArgumentException(
        target.describe() + ": an SBOM is not an image; sbom: targets are for scan and policy");
  }
}
