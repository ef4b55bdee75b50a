package io.drydock.refresh.loop;

import io.drydock.oci.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts refresh reports to a webhook as Slack-compatible JSON: {@code text} for chat tools, and the
 * whole report under {@code drydock} for machines. Failures are returned, never thrown: a
 * notification must not stop a refresh.
 */
public final class Notifier {
  private final URI url;
  private final HttpClient http;

  /** {@code url} {@code null} makes a notifier that sends nothing. */
  public Notifier(String url) {
    this.url = url == null || url.isBlank() ? null : URI.create(url);
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Sends {@code report}; returns {@code null} on success, else why it failed (one line). */
  public String send(RefreshReport report) {
    if (url == null) {
      return null;
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("text", report.text());
    body.set("drydock", report.toJson());
    return send(body);
  }

  /**
   * Sends a Slack-compatible message built by the caller ({@code text}, optionally {@code blocks}
   * and machine-readable fields); returns {@code null} on success, else why it failed (one line).
   * Used by the server for new findings on running images.
   */
  public String send(ObjectNode body) {
    if (url == null) {
      return null;
    }
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(url)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() / 100 == 2
          ? null
          : "notification to " + url.getHost() + " answered " + r.statusCode();
    } catch (IOException e) {
      return "notification to " + url.getHost() + " failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "notification interrupted";
    }
  }
}
