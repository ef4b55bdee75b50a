package io.drydock.refresh.watch;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookAuthTest {
  static final byte[] BODY = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void bearerTokenAcceptsTheTokenInAnyHeaderCase() {
    WebhookAuth a = WebhookAuth.bearerToken("s3cret");
    assertThatCode(() -> a.verify(Map.of("Authorization", "Bearer s3cret"), BODY))
        .doesNotThrowAnyException();
    assertThatCode(() -> a.verify(Map.of("authorization", "bearer s3cret"), BODY))
        .doesNotThrowAnyException();
  }

  @Test
  void bearerTokenRejectsWrongMissingAndOtherSchemesWithoutEchoingSecrets() {
    WebhookAuth a = WebhookAuth.bearerToken("s3cret");
    assertThatThrownBy(() -> a.verify(Map.of("Authorization", "Bearer s3cre"), BODY))
        .isInstanceOf(WebhookRejectedException.class)
        .hasMessage("wrong Bearer token in the Authorization header")
        .extracting(e -> ((WebhookRejectedException) e).status())
        .isEqualTo(401);
    assertThatThrownBy(() -> a.verify(Map.of(), BODY))
        .hasMessage("missing Authorization header (expected a Bearer token)");
    assertThatThrownBy(() -> a.verify(Map.of("Authorization", "Basic czNjcmV0"), BODY))
        .hasMessage("Authorization header is not a Bearer token");
  }

  @Test
  void headerValueIsExact() {
    WebhookAuth a = WebhookAuth.headerValue("X-Drydock-Token", "abc");
    assertThatCode(() -> a.verify(Map.of("x-drydock-token", " abc "), BODY))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> a.verify(Map.of("X-Drydock-Token", "abcd"), BODY))
        .hasMessage("wrong value in the X-Drydock-Token header");
  }

  @Test
  void hmacOfTheRawBodyInGithubForm() {
    byte[] secret = "k".getBytes(StandardCharsets.UTF_8);
    WebhookAuth a = WebhookAuth.hmacSha256(WebhookAuth.HUB_SIGNATURE_256, secret);
    String good = WebhookAuth.signature(secret, BODY);
    // known answer: printf '{"events":[]}' | openssl dgst -sha256 -hmac k
    org.assertj.core.api.Assertions.assertThat(good)
        .isEqualTo("sha256=fb3a9d128c223c4de382139ee19dee144cc857647203b940b2bf3a1a5ab0cffc");
    assertThatCode(() -> a.verify(Map.of("X-Hub-Signature-256", good), BODY))
        .doesNotThrowAnyException();
    assertThatCode(
            () -> a.verify(Map.of("x-hub-signature-256", good.substring(7).toUpperCase()), BODY))
        .doesNotThrowAnyException();
    byte[] tampered = "{\"events\":[ ]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> a.verify(Map.of("X-Hub-Signature-256", good), tampered))
        .hasMessage("X-Hub-Signature-256 signature does not match the body");
    assertThatThrownBy(() -> a.verify(Map.of("X-Hub-Signature-256", "sha256=zz"), BODY))
        .hasMessage("X-Hub-Signature-256 header is not sha256=<64 hex digits>");
    assertThatThrownBy(() -> a.verify(Map.of(), BODY))
        .hasMessageStartingWith("missing X-Hub-Signature-256 header");
    WebhookAuth other = WebhookAuth.hmacSha256(WebhookAuth.HUB_SIGNATURE_256, "j");
    assertThatThrownBy(() -> other.verify(Map.of("X-Hub-Signature-256", good), BODY))
        .isInstanceOf(WebhookRejectedException.class);
  }

  @Test
  void anyOfAcceptsEitherAndNamesBothReasons() {
    WebhookAuth a =
        WebhookAuth.anyOf(WebhookAuth.bearerToken("old"), WebhookAuth.bearerToken("new"));
    assertThatCode(() -> a.verify(Map.of("Authorization", "Bearer new"), BODY))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> a.verify(Map.of("Authorization", "Bearer x"), BODY))
        .hasMessage(
            "wrong Bearer token in the Authorization header; wrong Bearer token in the"
                + " Authorization header");
  }

  @Test
  void emptySecretsAreRefusedAtConfiguration() {
    assertThatThrownBy(() -> WebhookAuth.bearerToken(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bearer token must not be empty");
    assertThatThrownBy(() -> WebhookAuth.hmacSha256("X-Sig", new byte[0]))
        .hasMessage("HMAC secret for header X-Sig must not be empty");
  }
}
