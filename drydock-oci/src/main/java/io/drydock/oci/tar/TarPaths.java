package io.drydock.oci.tar;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Path rules for tar entries from untrusted layers and archives: normalisation of entry names and
 * resolution of symlink chains inside a virtual root, never escaping it.
 *
 * <p>Hand-written because commons-compress hands out names as stored and neither it nor the JDK
 * offers a root-confined resolver over paths that exist only inside an archive.
 */
public final class TarPaths {
  private TarPaths() {}

  /** Longest entry path accepted, in characters (Linux {@code PATH_MAX}). */
  public static final int MAX_PATH = 4096;

  /** How many symlinks {@link #resolveInRoot} follows before giving up (Linux uses 40). */
  public static final int MAX_SYMLINK_HOPS = 40;

  /**
   * Normalises an entry name to a relative path without {@code .}, empty segments or trailing
   * slash: {@code ./a//b/} → {@code a/b}. Returns empty for names that must be refused: absolute
   * ({@code /etc/x}), escaping ({@code ../x}, {@code a/../../x}), containing NUL, or longer than
   * {@link #MAX_PATH}. {@code ..} that stays inside ({@code a/../b}) is resolved. The root itself
   * ({@code ./}) normalises to the empty string.
   */
  public static Optional<String> normalise(String raw) {
    if (raw == null || raw.indexOf('\0') >= 0 || raw.length() > MAX_PATH || raw.startsWith("/")) {
      return Optional.empty();
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String seg : raw.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (parts.isEmpty()) {
          return Optional.empty();
        }
        parts.removeLast();
      } else {
        parts.addLast(seg);
      }
    }
    return Optional.of(String.join("/", parts));
  }

  /**
   * Resolves {@code path} (normalised, relative to the virtual root) through symlinks, as the
   * kernel would inside a chroot: absolute link targets start again at the root and {@code ..} at
   * the root stays at the root, so the result never escapes. {@code symlinks} returns the raw
   * target of a path when that path is a symlink, else {@code null}. Returns empty on a loop or
   * more than {@link #MAX_SYMLINK_HOPS} links.
   */
  public static Optional<String> resolveInRoot(String path, Function<String, String> symlinks) {
    Deque<String> todo = new ArrayDeque<>(split(path));
    List<String> done = new ArrayList<>();
    int hops = 0;
    while (!todo.isEmpty()) {
      String seg = todo.removeFirst();
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!done.isEmpty()) {
          done.remove(done.size() - 1);
        }
        continue;
      }
      done.add(seg);
      String target = symlinks.apply(String.join("/", done));
      if (target != null) {
        if (++hops > MAX_SYMLINK_HOPS || target.indexOf('\0') >= 0) {
          return Optional.empty();
        }
        done.remove(done.size() - 1);
        if (target.startsWith("/")) {
          done.clear();
        }
        List<String> t = split(target);
        for (int i = t.size() - 1; i >= 0; i--) {
          todo.addFirst(t.get(i));
        }
      }
    }
    return Optional.of(String.join("/", done));
  }

  private static List<String> split(String p) {
    List<String> out = new ArrayList<>();
    for (String s : p.split("/", -1)) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }
}
