package io.drydock.sbom;

import java.io.IOException;

/** A file is larger than the limit for what was asked of it; the engine makes it a diagnostic. */
public final class FileTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  public FileTooLargeException(String path, long size, long limit) {
    super(path + " is " + size + " bytes, over the limit of " + limit + " bytes; not analysed");
  }
}
