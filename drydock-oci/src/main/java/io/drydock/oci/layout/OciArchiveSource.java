package io.drydock.oci.layout;

import io.drydock.oci.Image;
import io.drydock.oci.ImageSource;
import io.drydock.oci.Platform;
import io.drydock.oci.RawDocument;
import io.drydock.oci.content.BlobStore;
import io.drydock.oci.tar.TarIndex;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An OCI layout inside an uncompressed tar ({@code oci-archive:FILE[:ref]}, as written by {@code
 * skopeo copy ... oci-archive:} and {@code buildah push}). Nothing is extracted: the tar is indexed
 * once ({@link TarIndex}) and blobs are read at their offsets. Member names follow the tar safety
 * rules ({@code ..}, absolute paths and NUL are refused). Thread-safe; closing closes the file.
 */
public final class OciArchiveSource implements ImageSource {
  private final TarIndex tar;
  private final OciLayoutSource layout;

  private OciArchiveSource(TarIndex tar, OciLayoutSource layout) {
    this.tar = tar;
    this.layout = layout;
  }

  /**
   * Opens {@code file} and selects {@code refNameOrNull} as {@link OciLayoutSource#open} does.
   *
   * @throws IOException one line naming the archive
   */
  public static OciArchiveSource open(Path file, String refNameOrNull) throws IOException {
    Objects.requireNonNull(file, "file");
    String describe = "oci-archive:" + file + (refNameOrNull == null ? "" : ":" + refNameOrNull);
    String name = "oci-archive " + file;
    TarIndex tar = TarIndex.open(file, name);
    try {
      LayoutFiles files =
          new LayoutFiles() {
            @Override
            public InputStream open(String relativePath) throws IOException {
              if (tar.find(relativePath).isEmpty()) {
                throw new FileNotFoundException(name + " has no " + relativePath);
              }
              return tar.open(relativePath);
            }

            @Override
            public boolean exists(String relativePath) {
              return tar.find(relativePath).isPresent();
            }
          };
      return new OciArchiveSource(
          tar, OciLayoutSource.open(files, refNameOrNull, describe, name, tar));
    } catch (IOException | RuntimeException e) {
      tar.close();
      throw e;
    }
  }

  @Override
  public String describe() {
    return layout.describe();
  }

  @Override
  public RawDocument root() {
    return layout.root();
  }

  @Override
  public Image image(Platform platform) throws IOException {
    return layout.image(platform);
  }

  /** The archive's blobs. */
  public BlobStore blobStore() {
    return layout.blobStore();
  }

  /** The tar index (member names refused for safety are in its diagnostics). */
  public TarIndex index() {
    return tar;
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }
}
