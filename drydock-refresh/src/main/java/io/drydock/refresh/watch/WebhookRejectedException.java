package io.drydock.refresh.watch;

/**
 * A webhook request was refused: not authenticated, too large, or not a payload Drydock reads. The
 * message is one line naming the request path and the reason, fit for a log and for the response
 * body (it never contains a secret). {@link #status()} is the HTTP status to answer with.
 */
public final class WebhookRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** 401: missing or wrong credentials. */
  public static final int UNAUTHORIZED = 401;

  /** 400: not JSON, or not a payload of a known registry. */
  public static final int BAD_REQUEST = 400;

  /** 413: body larger than {@link PushEvents#MAX_PAYLOAD_BYTES}. */
  public static final int TOO_LARGE = 413;

  private final int status;

  public WebhookRejectedException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status to answer: 400, 401 or 413. */
  public int status() {
    return status;
  }
}
