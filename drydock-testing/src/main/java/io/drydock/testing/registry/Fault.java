package io.drydock.testing.registry;

import java.util.Locale;
import java.util.Objects;

/**
 * One misbehaviour the {@link InMemoryRegistry} injects into its answers: an error status, a
 * truncated, corrupted or slow response body, or a redirect of blob downloads to another host name.
 *
 * <p>Immutable: every builder method returns a new fault. A fault applies to every request it
 * matches until it has fired {@link #times(int) times} times (unlimited by default); it matches a
 * request when the request's path (including the query) contains {@link #onPath(String)} and, when
 * set, its method equals {@link #onMethod(String)}. Which requests a kind can apply to:
 *
 * <ul>
 *   <li>{@link #status(int)}: any request, including {@code /token}; answered before
 *       authentication, with an {@code {"errors":[...]}} body (none for {@code HEAD}).
 *   <li>{@link #truncateBody(long)}, {@link #corruptBody()}, {@link #slowBody(long)}: {@code GET}
 *       requests whose answer is a 200 or 206 with a non-empty body (blobs, manifests, tag lists,
 *       referrers, tokens); a fault is not used up by requests it cannot apply to.
 *   <li>{@link #redirectBlobs()}: authorised {@code GET /v2/<name>/blobs/<digest>} of a blob the
 *       repository holds.
 * </ul>
 *
 * <p>Thread-safe (immutable).
 */
public final class Fault {
  /** What the fault does to the answer. */
  public enum Kind {
    /** Answer with an error status instead of serving the request. */
    STATUS,
    /** Send the headers with the full {@code Content-Length}, then close after some bytes. */
    TRUNCATE_BODY,
    /** Flip one byte in the middle of the body: the content no longer matches its digest. */
    CORRUPT_BODY,
    /** Send the body at a limited rate. */
    SLOW_BODY,
    /** Answer blob downloads with 307 to the same server under another host name. */
    REDIRECT_BLOBS
  }

  private final Kind kind;
  private final int status;
  private final int retryAfterSeconds;
  private final long amount;
  private final int times;
  private final String pathFragment;
  private final String method;

  private Fault(
      Kind kind,
      int status,
      int retryAfterSeconds,
      long amount,
      int times,
      String pathFragment,
      String method) {
    this.kind = kind;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.amount = amount;
    this.times = times;
    this.pathFragment = pathFragment;
    this.method = method;
  }

  private static Fault of(Kind kind, int status, long amount) {
    return new Fault(kind, status, -1, amount, Integer.MAX_VALUE, null, null);
  }

  /**
   * Answer with {@code code} (400..599) instead of serving the request; for 429 and 503 add {@link
   * #retryAfterSeconds(int)} to send a {@code Retry-After} header.
   */
  public static Fault status(int code) {
    if (code < 400 || code > 599) {
      throw new IllegalArgumentException("fault status must be 400..599, got " + code);
    }
    return of(Kind.STATUS, code, 0);
  }

  /**
   * Send the headers with the full {@code Content-Length}, then only the first {@code bytes} bytes
   * of the body, then close the connection.
   */
  public static Fault truncateBody(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("truncateBody bytes must be >= 0, got " + bytes);
    }
    return of(Kind.TRUNCATE_BODY, 0, bytes);
  }

  /** Flip the bits of the middle byte of the body: its size stays, its digest no longer matches. */
  public static Fault corruptBody() {
    return of(Kind.CORRUPT_BODY, 0, 0);
  }

  /**
   * Drip the body at about {@code bytesPerSecond} bytes per second (in ten slices a second); the
   * body and its headers are otherwise correct.
   */
  public static Fault slowBody(long bytesPerSecond) {
    if (bytesPerSecond < 1) {
      throw new IllegalArgumentException(
          "slowBody bytesPerSecond must be >= 1, got " + bytesPerSecond);
    }
    return of(Kind.SLOW_BODY, 0, bytesPerSecond);
  }

  /**
   * Answer authorised blob {@code GET}s with {@code 307 Temporary Redirect} to the same blob on the
   * same server under the host name {@code localhost} (instead of {@code 127.0.0.1}), like a
   * registry that sends downloads to a storage host with a pre-signed URL. That URL needs no
   * credentials and, like S3, refuses a request that carries an {@code Authorization} header (400
   * {@code DENIED}): a client must not forward credentials to another host.
   */
  public static Fault redirectBlobs() {
    return of(Kind.REDIRECT_BLOBS, 0, 0);
  }

  /** Adds {@code Retry-After: seconds} to a {@link #status(int)} fault. */
  public Fault retryAfterSeconds(int seconds) {
    if (kind != Kind.STATUS) {
      throw new IllegalStateException(
          "retryAfterSeconds applies to status faults only, not " + kind);
    }
    if (seconds < 0) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 0, got " + seconds);
    }
    return new Fault(kind, status, seconds, amount, times, pathFragment, method);
  }

  /** Fires on the first {@code n} (>= 1) matching requests only, then is gone. */
  public Fault times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be >= 1, got " + n);
    }
    return new Fault(kind, status, retryAfterSeconds, amount, n, pathFragment, method);
  }

  /**
   * Matches only requests whose path and query ({@code /v2/repo/blobs/sha256:...}) contain {@code
   * fragment}, e.g. {@code "/blobs/"} or {@code "/v2/repo/manifests/"}.
   */
  public Fault onPath(String fragment) {
    Objects.requireNonNull(fragment, "fragment");
    return new Fault(kind, status, retryAfterSeconds, amount, times, fragment, method);
  }

  /** Matches only requests with this HTTP method ({@code "GET"}, {@code "PUT"}, ...). */
  public Fault onMethod(String httpMethod) {
    Objects.requireNonNull(httpMethod, "httpMethod");
    return new Fault(
        kind,
        status,
        retryAfterSeconds,
        amount,
        times,
        pathFragment,
        httpMethod.toUpperCase(Locale.ROOT));
  }

  public Kind kind() {
    return kind;
  }

  /** The status of a {@link Kind#STATUS} fault, else 0. */
  public int statusCode() {
    return status;
  }

  /** Seconds for {@code Retry-After}, or -1 for none. */
  public int retryAfter() {
    return retryAfterSeconds;
  }

  /** Bytes sent before closing (truncate) or bytes per second (slow); else 0. */
  public long amount() {
    return amount;
  }

  /** How many requests the fault fires on; {@link Integer#MAX_VALUE} when unlimited. */
  public int times() {
    return times;
  }

  /** The path fragment requests must contain, or null for any path. */
  public String pathFragment() {
    return pathFragment;
  }

  /** The method requests must have, or null for any method. */
  public String method() {
    return method;
  }

  boolean matches(String requestMethod, String pathAndQuery) {
    return (method == null || method.equals(requestMethod))
        && (pathFragment == null || pathAndQuery.contains(pathFragment));
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Fault.").append(kind.name().toLowerCase(Locale.ROOT));
    switch (kind) {
      case STATUS -> s.append('(').append(status).append(')');
      case TRUNCATE_BODY, SLOW_BODY -> s.append('(').append(amount).append(')');
      default -> s.append("()");
    }
    if (retryAfterSeconds >= 0) {
      s.append(".retryAfterSeconds(").append(retryAfterSeconds).append(')');
    }
    if (times != Integer.MAX_VALUE) {
      s.append(".times(").append(times).append(')');
    }
    if (pathFragment != null) {
      s.append(".onPath(\"").append(pathFragment).append("\")");
    }
    if (method != null) {
      s.append(".onMethod(\"").append(method).append("\")");
    }
    return s.toString();
  }
}
