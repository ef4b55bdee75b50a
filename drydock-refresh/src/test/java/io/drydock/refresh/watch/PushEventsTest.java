package io.drydock.refresh.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Digest;
import io.drydock.refresh.watch.BaseUpdate.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushEventsTest {
  static byte[] fixture(String name) throws IOException {
    try (InputStream in = PushEventsTest.class.getResourceAsStream(name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void acrPushBecomesOneTaggedEventOnTheLoginServer() throws IOException {
    PushEvents.Result r = PushEvents.parse(fixture("acr-push.json"), null);
    assertThat(r.format()).isEqualTo(Source.ACR);
    assertThat(r.ignored()).isEmpty();
    assertThat(r.events()).hasSize(1);
    PushEvent e = r.events().get(0);
    assertThat(e.ref().registry()).isEqualTo("myregistry.azurecr.io");
    assertThat(e.ref().repository()).isEqualTo("hello-world");
    assertThat(e.tag()).isEqualTo("v1");
    assertThat(e.digest())
        .isEqualTo(
            Digest.parse(
                "sha256:80f0d5c8786bb9e621a45ece0db56d11cdc624ad20da9fe62e9d25490f331d7d"));
    assertThat(e.mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
    assertThat(e.source()).isEqualTo(Source.ACR);
  }

  @Test
  void acrPingAndDeleteGiveNoEvents() {
    byte[] ping =
        ("{\"id\":\"1\",\"action\":\"ping\",\"target\":{},\"request\":{\"host\":\"r.azurecr.io\"}}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(PushEvents.parse(ping, null).events()).isEmpty();
    byte[] delete =
        ("{\"action\":\"delete\",\"target\":{\"repository\":\"a\",\"digest\":\"sha256:"
                + "0".repeat(64)
                + "\"},\"request\":{\"host\":\"r.azurecr.io\"}}")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(PushEvents.parse(delete, null).events()).isEmpty();
  }

  @Test
  void harborTaggedPushTakesTheHostFromResourceUrl() throws IOException {
    PushEvents.Result r = PushEvents.parse(fixture("harbor-push-tag.json"), null);
    assertThat(r.format()).isEqualTo(Source.HARBOR);
    assertThat(r.events()).hasSize(1);
    PushEvent e = r.events().get(0);
    assertThat(e.ref().toString())
        .isEqualTo(
            "harbor.example.com/example/test:latest@sha256:"
                + "d72f37f783ed6a8d58ac70b4db052707d1ec9d4ea010ef5ccd84652faf9ed844");
    assertThat(e.source()).isEqualTo(Source.HARBOR);
  }

  @Test
  void harborPushByDigestHasNoTag() throws IOException {
    PushEvents.Result r = PushEvents.parse(fixture("harbor-push-by-digest.json"), null);
    assertThat(r.events()).hasSize(1);
    PushEvent e = r.events().get(0);
    assertThat(e.tag()).isNull();
    assertThat(e.ref().registry()).isEqualTo("localhost");
    assertThat(e.ref().repository()).isEqualTo("harbor/alpine");
    assertThat(e.digest().hex()).startsWith("954b378c");
  }

  @Test
  void distributionEnvelopeKeepsOnlyTheManifestPush() throws IOException {
    PushEvents.Result r = PushEvents.parse(fixture("distribution-push.json"), null);
    assertThat(r.format()).isEqualTo(Source.DISTRIBUTION);
    assertThat(r.events()).hasSize(1); // the blob push and the pull are not events
    PushEvent e = r.events().get(0);
    assertThat(e.ref().toString())
        .isEqualTo("127.0.0.1:5001/debian:bookworm@sha256:" + "2".repeat(64));
    assertThat(e.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
  }

  @Test
  void hostFallsBackToTheConfiguredRegistryAndBadEventsAreNamed() {
    String body =
        "{\"events\":["
            + "{\"action\":\"push\",\"target\":{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
            + "\"repository\":\"library/debian\",\"tag\":\"12\",\"digest\":\"sha256:"
            + "a".repeat(64)
            + "\"}},"
            + "{\"action\":\"push\",\"target\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"repository\":\"Bad Name\",\"tag\":\"x\",\"digest\":\"sha256:"
            + "b".repeat(64)
            + "\"},\"request\":{\"host\":\"r.example\"}},"
            + "{\"action\":\"push\",\"target\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"repository\":\"a\",\"tag\":\"x\",\"digest\":\"md5:zz\"},\"request\":{\"host\":\"r.example\"}}"
            + "]}";
    PushEvents.Result r =
        PushEvents.parse(body.getBytes(StandardCharsets.UTF_8), "registry-1.docker.io");
    assertThat(r.events()).hasSize(1);
    assertThat(r.events().get(0).ref().toString())
        .isEqualTo("docker.io/library/debian:12@sha256:" + "a".repeat(64));
    assertThat(r.ignored()).hasSize(2);
    assertThat(r.ignored().get(0)).startsWith("events[1]: ").contains("Bad Name");
    assertThat(r.ignored().get(1)).startsWith("events[2]: ").contains("md5:zz");
  }

  @Test
  void noHostAndNoDefaultIsNamed() {
    String body =
        "{\"events\":[{\"action\":\"push\",\"target\":{\"tag\":\"1\",\"repository\":\"a\","
            + "\"digest\":\"sha256:"
            + "c".repeat(64)
            + "\"}}]}";
    PushEvents.Result r = PushEvents.parse(body.getBytes(StandardCharsets.UTF_8), null);
    assertThat(r.events()).isEmpty();
    assertThat(r.ignored()).singleElement().asString().contains("no registry host");
  }

  @Test
  void malformedJsonIsAClearBadRequest() {
    assertThatThrownBy(
            () -> PushEvents.parse("{\"events\": [".getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOf(WebhookRejectedException.class)
        .hasMessageStartingWith("webhook payload is not valid JSON")
        .extracting(e -> ((WebhookRejectedException) e).status())
        .isEqualTo(400);
    assertThatThrownBy(() -> PushEvents.parse("[1,2]".getBytes(StandardCharsets.UTF_8), null))
        .hasMessage("webhook payload is not a JSON object");
    assertThatThrownBy(() -> PushEvents.parse(new byte[0], null))
        .hasMessage("webhook payload is empty");
    assertThatThrownBy(() -> PushEvents.parse("{\"hello\":1}".getBytes(), null))
        .hasMessageStartingWith("webhook payload is none of: a distribution envelope");
    assertThatThrownBy(() -> PushEvents.parse("{\"events\":{}}".getBytes(), null))
        .hasMessage("webhook payload: \"events\" is not an array");
  }

  @Test
  void deeplyNestedJsonIsRefusedNotACrash() {
    String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertThatThrownBy(() -> PushEvents.parse(deep.getBytes(StandardCharsets.UTF_8), null))
        .isInstanceOf(WebhookRejectedException.class)
        .hasMessageContaining("webhook payload")
        .extracting(e -> ((WebhookRejectedException) e).status())
        .isEqualTo(400);
  }

  @Test
  void oversizedPayloadIs413() {
    byte[] big = new byte[PushEvents.MAX_PAYLOAD_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    assertThatThrownBy(() -> PushEvents.parse(big, null))
        .isInstanceOf(WebhookRejectedException.class)
        .hasMessage(
            "webhook payload of 1048577 bytes is larger than " + PushEvents.MAX_PAYLOAD_BYTES)
        .extracting(e -> ((WebhookRejectedException) e).status())
        .isEqualTo(413);
  }

  @Test
  void aRequiredFormatThatDoesNotMatchIsRefused() throws IOException {
    byte[] acr = fixture("acr-push.json");
    assertThatThrownBy(() -> PushEvents.parse(acr, Source.HARBOR, null))
        .hasMessage("webhook payload is a Azure Container Registry payload, expected Harbor");
  }
}
