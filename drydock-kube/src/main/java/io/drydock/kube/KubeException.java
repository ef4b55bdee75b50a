package io.drydock.kube;

/**
 * A Kubernetes API call failed. The message is one line that names the workload and says what was
 * being done, e.g. {@code "Deployment shop/web: the service account may not patch deployments in
 * namespace shop (403 Forbidden)"}. API errors carry no cause (the server's answer is in the
 * message); transport errors keep theirs.
 */
public class KubeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the call failed, for callers that react differently (retry, skip, alert). */
  public enum Reason {
    /** 401/403: the credentials may not do this. */
    FORBIDDEN,
    /** 404: the object (or its namespace) is gone. */
    NOT_FOUND,
    /** The object changed since it was read (a JSON patch test failed, 409 Conflict). */
    CONFLICT,
    /** 400/422 for other reasons: the request was refused as invalid. */
    INVALID,
    /** The API server could not be reached or answered 5xx/429. */
    UNAVAILABLE,
    /** Anything else. */
    OTHER
  }

  private final transient WorkloadRef workload;
  private final Reason reason;
  private final int code;

  /**
   * @param workload the workload concerned, or null for calls about many (listing)
   * @param code the HTTP status, or 0 when there was no answer
   */
  public KubeException(
      WorkloadRef workload, Reason reason, int code, String message, Throwable cause) {
    super(message, cause);
    this.workload = workload;
    this.reason = reason;
    this.code = code;
  }

  /** The workload concerned, or null for calls about many (listing). */
  public WorkloadRef workload() {
    return workload;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status of the API server's answer, or 0 when there was none. */
  public int code() {
    return code;
  }
}
