package io.drydock.oci.tar;

import java.time.Instant;

/**
 * One entry of a layer tar, with its path normalised (relative, no {@code .} or {@code ..}
 * segments, no trailing slash).
 *
 * <p>For {@link Type#WHITEOUT} {@code path} is the deleted path ({@code a/.wh.b} → {@code a/b});
 * for {@link Type#OPAQUE} it is the directory whose lower-layer content is hidden ({@code
 * d/.wh..wh..opq} → {@code d}). {@code linkTarget} is the normalised target path for {@link
 * Type#HARDLINK}, the raw target as stored for {@link Type#SYMLINK} (not resolved; see {@link
 * TarPaths#resolveInRoot}), else {@code null}. {@code size} is in bytes and non-zero only for
 * {@link Type#FILE}. {@code mode} holds the permission bits (including setuid/setgid/sticky).
 * {@code modTime} may be {@code null}.
 */
public record TarEntry(
    String path,
    Type type,
    long size,
    int mode,
    long uid,
    long gid,
    String linkTarget,
    Instant modTime) {

  /** What an entry is. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARDLINK,
    /** A character or block device, or a FIFO: metadata only. */
    SPECIAL,
    /** Deletes {@code path} from lower layers. */
    WHITEOUT,
    /** Hides everything lower layers have under directory {@code path}. */
    OPAQUE
  }
}
