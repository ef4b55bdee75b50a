package io.drydock.version;

/** A version string the scheme cannot order. The message names the scheme and the input. */
public class InvalidVersionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidVersionException(VersionScheme scheme, String raw, String why) {
    super("invalid " + scheme.name() + " version \"" + raw + "\": " + why);
  }
}
