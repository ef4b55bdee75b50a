package io.drydock.refresh.rebuild;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends a {@link RebuildTrigger}'s request with {@code java.net.http}. Any 2xx is success; any
 * other status is a {@link RebuildException} carrying the status and the first {@value
 * #ERROR_BODY_CHARS} characters of the answer, with secrets replaced by {@code ***}. Redirects are
 * not followed (a redirected POST would lose its body, or its credentials would go elsewhere): a
 * 3xx is an error naming the {@code Location}. Thread-safe.
 */
public final class TriggerClient {
  /** How much of an error answer goes into the exception message. */
  public static final int ERROR_BODY_CHARS = 200;

  private static final int MAX_READ = 64 * 1024;

  private final HttpClient http;
  private final Duration requestTimeout;
  private final Function<String, String> env;

  /**
   * @param http the client (its connect timeout applies); must not follow redirects
   * @param requestTimeout the longest to wait for an answer, per request
   * @param env where secrets are read, {@code System::getenv} in production
   */
  public TriggerClient(HttpClient http, Duration requestTimeout, Function<String, String> env) {
    this.http = Objects.requireNonNull(http, "http");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.env = Objects.requireNonNull(env, "env");
  }

  /** A client reading the process environment: connect timeout 10 s, request timeout 30 s. */
  public static TriggerClient create() {
    return create(Duration.ofSeconds(10), Duration.ofSeconds(30), System::getenv);
  }

  /** A client with these timeouts and environment. */
  public static TriggerClient create(
      Duration connectTimeout, Duration requestTimeout, Function<String, String> env) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new TriggerClient(http, requestTimeout, env);
  }

  /** The outcome of a trigger that the CI accepted. */
  public record Result(int status, String location) {
    /**
     * @param status the 2xx status
     * @param location the {@code Location} header (Jenkins' queue item), or {@code null}
     */
    public Result {}
  }

  /**
   * Renders and sends {@code trigger}'s request for {@code ctx}.
   *
   * @throws RebuildException on a missing secret, a refused or timed-out connection, or a non-2xx
   *     answer ({@link RebuildException#status()} set); never with a secret in the message
   * @throws InterruptedException when the thread is interrupted while waiting for the answer
   */
  public Result fire(RebuildTrigger trigger, RebuildContext ctx)
      throws RebuildException, InterruptedException {
    return send(trigger.request(ctx, env));
  }

  /** Sends an already rendered request; see {@link #fire}. */
  public Result send(TriggerRequest req) throws RebuildException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(req.uri())
            .timeout(requestTimeout)
            .method(
                req.method(),
                req.method().equals("GET")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(req.body()));
    req.headers().forEach(b::header);
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new RebuildException(
          req.what()
              + ": "
              + req.display()
              + " got no answer within "
              + (e instanceof HttpConnectTimeoutException
                  ? "the connect timeout"
                  : requestTimeout.toMillis() + " ms"),
          0,
          null);
    } catch (ConnectException e) {
      throw new RebuildException(
          req.what() + ": " + req.display() + " failed: connection refused or unreachable",
          0,
          null);
    } catch (IOException e) {
      throw new RebuildException(
          req.what()
              + ": "
              + req.display()
              + " failed: "
              + req.redact(
                  String.valueOf(
                      e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName())),
          0,
          null);
    }
    int status = resp.statusCode();
    String text;
    try (InputStream in = resp.body()) {
      text = new String(in.readNBytes(MAX_READ), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    if (status / 100 == 2) {
      return new Result(status, resp.headers().firstValue("Location").orElse(null));
    }
    String snippet = req.redact(text).strip().replaceAll("\\s+", " ");
    if (snippet.length() > ERROR_BODY_CHARS) {
      snippet = snippet.substring(0, ERROR_BODY_CHARS) + "…";
    }
    String where =
        status / 100 == 3
            ? " (redirect to "
                + req.redact(resp.headers().firstValue("Location").orElse("nowhere"))
                + " not followed)"
            : "";
    throw new RebuildException(
        req.what()
            + ": "
            + req.display()
            + " answered "
            + status
            + where
            + (snippet.isEmpty() ? "" : ": " + snippet),
        status,
        null);
  }
}
