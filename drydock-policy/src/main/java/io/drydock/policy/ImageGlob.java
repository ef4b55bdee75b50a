package io.drydock.policy;

import java.util.regex.Pattern;

/**
 * A glob over image references: {@code *} matches any run of characters except {@code /}, {@code
 * **} matches any run including {@code /}, {@code ?} one character other than {@code /}; everything
 * else is literal. A pattern matches when it matches the whole of any of the image's names (see
 * {@link #matches(PolicyInput.ImageFacts)}). Immutable.
 */
public final class ImageGlob {
  /** The longest pattern accepted. */
  public static final int MAX_LENGTH = 512;

  private final String glob;
  private final Pattern pattern;

  private ImageGlob(String glob, Pattern pattern) {
    this.glob = glob;
    this.pattern = pattern;
  }

  /**
   * @throws IllegalArgumentException empty or longer than {@link #MAX_LENGTH}
   */
  public static ImageGlob compile(String glob) {
    if (glob.isEmpty() || glob.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a pattern has 1 to " + MAX_LENGTH + " characters, not " + glob.length());
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new ImageGlob(glob, Pattern.compile(re.toString()));
  }

  /**
   * Whether the pattern matches the reference as given, {@code registry/repository}, {@code
   * registry/repository:tag} or {@code registry/repository@digest}.
   */
  public boolean matches(PolicyInput.ImageFacts image) {
    if (pattern.matcher(image.reference()).matches()) {
      return true;
    }
    if (image.registry().isEmpty()) {
      return false;
    }
    String name = image.registry() + "/" + image.repository();
    return pattern.matcher(name).matches()
        || (!image.tag().isEmpty() && pattern.matcher(name + ":" + image.tag()).matches())
        || (!image.digest().isEmpty() && pattern.matcher(name + "@" + image.digest()).matches());
  }

  @Override
  public String toString() {
    return glob;
  }
}
