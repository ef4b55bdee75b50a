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
  private final URI server;
  private final String token;
  private final HttpClient http;

  /** {@code url} {@code null} makes a notifier that sends nothing. */
  public Notifier(String url) {
    this(url, null, null);
  }

  /**
   * A notifier that also records every report in a Drydock server's refresh history ({@code POST
   * <server>/api/v1/refreshes} with {@code token}); {@code server} {@code null} for none.
   */
  public Notifier(String url, URI server, String token) {
    this.url = url == null || url.isBlank() ? null : URI.create(url);
    String s = server == null ? null : server.toString();
    this.server =
        s == null
            ? null
            : URI.create(
                (s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/api/v1/refreshes");
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * Sends {@code report} to the webhook and to the server; returns {@code null} on success, else
   * why it failed (one line; both reasons when both failed).
   */
  public String send(RefreshReport report) {
    String webhook = null;
    if (url != null) {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("text", report.text());
      body.set("drydock", report.toJson());
      webhook = send(body);
    }
    String recorded = server == null ? null : record(report);
    if (webhook == null) {
      return recorded;
    }
    return recorded == null ? webhook : webhook + "; " + recorded;
  }

  private String record(RefreshReport report) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(server)
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + token)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          Json.MAPPER.writeValueAsString(report.toJson())))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() / 100 == 2
          ? null
          : "report to the server " + server.getHost() + " answered " + r.statusCode();
    } catch (IOException e) {
      return "report to the server " + server.getHost() + " failed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "report to the server interrupted";
    }
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
