package io.drydock.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.oci.Json;
import io.drydock.oci.registry.RegistryClient;
import io.drydock.oci.registry.RegistryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Hostile and unusual requests that need no registry: every one gets an AdmissionReview answer.
 * (Decisions against the real registry are tested end to end in drydock-cli.)
 */
class AdmissionReviewHandlerTest {
  static RegistryClient client;
  static ExecutorService pool;
  static AdmissionReviewHandler handler;

  @BeforeAll
  static void setUp() throws Exception {
    client = RegistryClient.create(RegistryOptions.defaults());
    pool = Executors.newFixedThreadPool(2);
    AdmissionConfig config = TlsMaterialTest.config();
    handler =
        new AdmissionReviewHandler(config, new ImageJudge(config, client, Clock.systemUTC(), pool));
  }

  @AfterAll
  static void tearDown() {
    pool.shutdownNow();
    client.close();
  }

  static JsonNode answer(String body, int status) {
    AdmissionReviewHandler.Outcome o = handler.handle(body.getBytes(StandardCharsets.UTF_8), false);
    assertThat(o.status()).as(body).isEqualTo(status);
    JsonNode review = Json.MAPPER.readTree(o.body());
    assertThat(review.path("kind").asString()).isEqualTo("AdmissionReview");
    return review.path("response");
  }

  static String review(String request) {
    return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
        + request
        + "}";
  }

  @Test
  void malformedBodiesAreRefusedWithTheirUid() {
    for (String bad :
        List.of(
            "",
            "nul",
            "[]",
            "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\","
                + "\"request\":{\"uid\":\"u\"}}",
            review("{}"),
            review("\"x\""),
            "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}")) {
      JsonNode r = answer(bad, 400);
      assertThat(r.path("allowed").asBoolean()).isFalse();
      assertThat(r.path("status").path("code").asInt()).isEqualTo(400);
      assertThat(r.path("status").path("message").asString()).startsWith("drydock: malformed");
    }
    JsonNode r = answer(review("{\"uid\":\"abc\",\"operation\":7}"), 200);
    assertThat(r.path("uid").asString()).isEqualTo("abc");
  }

  @Test
  void operationsOtherThanCreateAndUpdateAndPodsWithoutImagesAreAllowed() {
    JsonNode del =
        answer(
            review(
                "{\"uid\":\"d\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"DELETE\","
                    + "\"namespace\":\"x\"}"),
            200);
    assertThat(del.path("allowed").asBoolean()).isTrue();
    JsonNode odd =
        answer(
            review(
                "{\"uid\":\"o\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
                    + "\"namespace\":\"x\",\"object\":{\"spec\":{\"containers\":\"nope\"}}}"),
            200);
    assertThat(odd.path("allowed").asBoolean()).isTrue();
  }

  @Test
  void invalidImageReferencesAreDenied() {
    JsonNode r =
        answer(
            review(
                "{\"uid\":\"i\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\","
                    + "\"namespace\":\"x\",\"object\":{\"spec\":{\"containers\":"
                    + "[{\"name\":\"a\",\"image\":\"UPPER/Case::bad\"}]}}}"),
            200);
    assertThat(r.path("allowed").asBoolean()).isFalse();
    assertThat(r.path("status").path("message").asString())
        .contains("UPPER/Case::bad")
        .contains("not a valid image reference");
  }
}
