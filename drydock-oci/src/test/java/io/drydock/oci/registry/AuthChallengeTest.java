package io.drydock.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {
  @Test
  void bearerWithQuotedValuesContainingCommas() {
    AuthChallenge c =
        AuthChallenge.parse(
            "Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                + "scope=\"repository:a/b:pull,push repository:c:pull\",error=\"insufficient_scope\"");
    assertThat(c.isBearer()).isTrue();
    assertThat(c.param("realm")).isEqualTo("https://auth.example/token");
    assertThat(c.param("service")).isEqualTo("registry.example");
    assertThat(c.param("scope")).isEqualTo("repository:a/b:pull,push repository:c:pull");
    assertThat(c.param("error")).isEqualTo("insufficient_scope");
  }

  @Test
  void basicAndOddSpacingAndEscapes() {
    AuthChallenge c = AuthChallenge.parse("  basic   Realm = \"say \\\"hi\\\", ok\" ");
    assertThat(c.isBasic()).isTrue();
    assertThat(c.param("realm")).isEqualTo("say \"hi\", ok");
    assertThat(AuthChallenge.parse("Bearer realm=https://x/token,service=reg").param("service"))
        .isEqualTo("reg");
    assertThat(AuthChallenge.parse("")).isNull();
    assertThat(AuthChallenge.parse(null)).isNull();
  }

  @Test
  void retryAfterSecondsAndHttpDate() {
    assertThat(RegistryTransport.retryAfter("7")).contains(Duration.ofSeconds(7));
    assertThat(RegistryTransport.retryAfter("soon")).isEmpty();
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(120));
    assertThat(RegistryTransport.retryAfter(date).orElseThrow())
        .isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
    assertThat(RetryPolicy.DEFAULT.cap(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void backoffGrowsWithJitterUpToTheCap() {
    RetryPolicy p = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1));
    for (int i = 0; i < 50; i++) {
      assertThat(p.backoff(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
      assertThat(p.backoff(3)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
      assertThat(p.backoff(9)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    }
  }
}
