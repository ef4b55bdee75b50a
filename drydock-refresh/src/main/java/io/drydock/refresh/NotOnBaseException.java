package io.drydock.refresh;

import java.io.IOException;

/**
 * The image to rebase is not built on the base it was said to be built on: the old base's layers
 * (or its {@code rootfs.diff_ids}) are not a prefix of the image's. The message is one line naming
 * both images and the first difference, fit to print as is.
 */
public final class NotOnBaseException extends IOException {
  private static final long serialVersionUID = 1L;

  public NotOnBaseException(String message) {
    super(message);
  }
}
