package io.drydock.version;

/**
 * A version string the scheme cannot order. The message names the scheme and the input on one short
 * line ({@link VersionText#display}: control characters escaped, long input cut).
 */
public class InvalidVersionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** {@code raw} is the input as given; it is escaped and shortened here. */
  public InvalidVersionException(VersionScheme scheme, String raw, String why) {
    super("invalid " + scheme.name() + " version \"" + VersionText.display(raw) + "\": " + why);
  }
}
