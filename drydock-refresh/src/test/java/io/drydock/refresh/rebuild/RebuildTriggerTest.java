package io.drydock.refresh.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every trigger kind against a local receiver standing in for the CI: the exact method, path,
 * query, headers and body each sends, secrets read from an injected environment, and the failures
 * (missing secret, error status, refused connection) with their messages.
 */
class RebuildTriggerTest {
  static final Digest APP = Digest.sha256("app".getBytes(StandardCharsets.UTF_8));
  static final Digest OLD_BASE = Digest.sha256("old".getBytes(StandardCharsets.UTF_8));
  static final Digest NEW_BASE = Digest.sha256("new".getBytes(StandardCharsets.UTF_8));
  static final RebuildContext CTX =
      new RebuildContext(
          ImageRef.parse("registry.example.com/team/app:1.0"),
          APP,
          ImageRef.parse("debian:bookworm"),
          OLD_BASE,
          NEW_BASE);

  static final String GH_TOKEN = "ghp_s3cr3t-token";
  static final String PAT = "azure-pat-value";
  static final String JENKINS_TOKEN = "11aa22bb33cc";
  static final String GITLAB_TOKEN = "glptt-trigger";
  static final Map<String, String> ENV =
      Map.of(
          "GITHUB_TOKEN", GH_TOKEN,
          "AZURE_DEVOPS_EXT_PAT", PAT,
          "JENKINS_API_TOKEN", JENKINS_TOKEN,
          "JOB_TOKEN", "job-token",
          "GITLAB_TRIGGER_TOKEN", GITLAB_TOKEN,
          "HOOK_SECRET", "hook-secret",
          "EMPTY", "");

  Receiver rx;
  TriggerClient client;

  @BeforeEach
  void start() throws Exception {
    rx = new Receiver();
    client = TriggerClient.create(Duration.ofSeconds(5), Duration.ofSeconds(10), ENV::get);
  }

  @AfterEach
  void stop() {
    rx.close();
  }

  static Map<String, Object> config(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static JsonNode json(String body) {
    return Json.MAPPER.readTree(body);
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void githubRepositoryDispatch() throws Exception {
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config("type", "github", "repository", "acme/app", "apiUrl", rx.url() + "/api/v3/"));

    TriggerClient.Result result = client.fire(t, CTX);

    assertThat(result.status()).isEqualTo(204);
    Receiver.Received r = rx.only();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/v3/repos/acme/app/dispatches");
    assertThat(r.rawQuery()).isNull();
    assertThat(r.headers())
        .containsEntry("accept", "application/vnd.github+json")
        .containsEntry("authorization", "Bearer " + GH_TOKEN)
        .containsEntry("x-github-api-version", "2022-11-28")
        .containsEntry("content-type", "application/json")
        .containsEntry("user-agent", "drydock-refresh");
    JsonNode body = json(r.body());
    assertThat(body.get("event_type").asString()).isEqualTo("drydock-base-updated");
    JsonNode p = body.get("client_payload");
    assertThat(p.get("app").asString()).isEqualTo("registry.example.com/team/app");
    assertThat(p.get("tag").asString()).isEqualTo("1.0");
    assertThat(p.get("appDigest").asString()).isEqualTo(APP.toString());
    assertThat(p.get("base").asString()).isEqualTo("docker.io/library/debian:bookworm");
    assertThat(p.get("oldBaseDigest").asString()).isEqualTo(OLD_BASE.toString());
    assertThat(p.get("newBaseDigest").asString()).isEqualTo(NEW_BASE.toString());
    assertThat(body.size()).isEqualTo(2);
  }

  @Test
  void githubCustomEventPayloadAndTokenVariable() throws Exception {
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config(
                "type", "github",
                "repository", "acme/app",
                "apiUrl", rx.url(),
                "eventType", "rebuild",
                "tokenEnv", "HOOK_SECRET",
                "clientPayload", Map.of("image", "${app}:${tag}")));

    client.fire(t, CTX);

    Receiver.Received r = rx.only();
    assertThat(r.path()).isEqualTo("/repos/acme/app/dispatches");
    assertThat(r.headers()).containsEntry("authorization", "Bearer hook-secret");
    JsonNode body = json(r.body());
    assertThat(body.get("event_type").asString()).isEqualTo("rebuild");
    assertThat(body.get("client_payload").size()).isEqualTo(1);
    assertThat(body.get("client_payload").get("image").asString())
        .isEqualTo("registry.example.com/team/app:1.0");
  }

  @Test
  void azurePipelinesRun() throws Exception {
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config(
                "type", "azure-pipelines",
                "baseUrl", rx.url(),
                "organization", "acme",
                "project", "Web Shop",
                "pipelineId", 42,
                "refName", "refs/heads/main",
                "templateParameters", Map.of("baseDigest", "${newBaseDigest}")));

    assertThat(client.fire(t, CTX).status()).isEqualTo(204);

    Receiver.Received r = rx.only();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/acme/Web%20Shop/_apis/pipelines/42/runs");
    assertThat(r.rawQuery()).isEqualTo("api-version=7.1");
    assertThat(r.headers())
        .containsEntry("authorization", basic("", PAT))
        .containsEntry("content-type", "application/json")
        .containsEntry("accept", "application/json");
    JsonNode body = json(r.body());
    assertThat(body.at("/resources/repositories/self/refName").asString())
        .isEqualTo("refs/heads/main");
    assertThat(body.at("/templateParameters/baseDigest").asString()).isEqualTo(NEW_BASE.toString());
    assertThat(body.get("templateParameters").size()).isEqualTo(1);
  }

  @Test
  void azureWithoutRefNameOmitsResources() throws Exception {
    RebuildTrigger t =
        new RebuildTrigger.AzurePipelinesRun(
            rx.url(), "acme", "shop", 7, null, null, Map.of(), false);

    client.fire(t, CTX);

    JsonNode body = json(rx.only().body());
    assertThat(body.has("resources")).isFalse();
    assertThat(body.get("templateParameters").isObject()).isTrue();
    assertThat(body.get("templateParameters").size()).isZero();
  }

  @Test
  void jenkinsBuildWithParameters() throws Exception {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("IMAGE_TAG", "${tag}");
    params.put("BASE", "${base}@${newBaseDigest}");
    params.put("FORCE", true);
    rx.answer(201, "").withHeaders(Map.of("Location", rx.url() + "/queue/item/17/"));
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config(
                "type", "jenkins",
                "url", rx.url() + "/job/folder/job/app/",
                "user", "drydock",
                "buildTokenEnv", "JOB_TOKEN",
                "parameters", params));

    TriggerClient.Result result = client.fire(t, CTX);

    assertThat(result.status()).isEqualTo(201);
    assertThat(result.location()).isEqualTo(rx.url() + "/queue/item/17/");
    Receiver.Received r = rx.only();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/job/folder/job/app/buildWithParameters");
    assertThat(r.query())
        .containsExactly(
            Map.entry("token", "job-token"),
            Map.entry("IMAGE_TAG", "1.0"),
            Map.entry("BASE", "docker.io/library/debian:bookworm@" + NEW_BASE),
            Map.entry("FORCE", "true"));
    assertThat(r.rawQuery()).contains("BASE=docker.io%2Flibrary%2Fdebian%3Abookworm%40sha256%3A");
    assertThat(r.headers()).containsEntry("authorization", basic("drydock", JENKINS_TOKEN));
    assertThat(r.body()).isEmpty();
  }

  @Test
  void gitlabPipelineTrigger() throws Exception {
    rx.answer(201, "{\"id\":1}");
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config(
                "type", "gitlab",
                "baseUrl", rx.url(),
                "projectId", "group/sub/app",
                "ref", "main",
                "variables", Map.of("DRYDOCK_BASE_DIGEST", "${newBaseDigest}")));

    assertThat(client.fire(t, CTX).status()).isEqualTo(201);

    Receiver.Received r = rx.only();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/api/v4/projects/group%2Fsub%2Fapp/trigger/pipeline");
    assertThat(r.headers()).containsEntry("content-type", "application/x-www-form-urlencoded");
    assertThat(r.headers()).doesNotContainKey("authorization");
    assertThat(Receiver.Received.decodeForm(r.body()))
        .containsExactly(
            Map.entry("token", GITLAB_TOKEN),
            Map.entry("ref", "main"),
            Map.entry("variables[DRYDOCK_BASE_DIGEST]", NEW_BASE.toString()));
  }

  @Test
  void gitlabNumericProjectId() throws Exception {
    rx.answer(201, "{}");
    client.fire(
        RebuildTrigger.fromConfig(
            config("type", "gitlab", "baseUrl", rx.url(), "projectId", 278964, "ref", "v1")),
        CTX);
    assertThat(rx.only().path()).isEqualTo("/api/v4/projects/278964/trigger/pipeline");
  }

  @Test
  void webhookTemplatedBodyHeadersAndUrl() throws Exception {
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config(
                "type", "webhook",
                "url", rx.url() + "/hooks/${tag}?key=${env:HOOK_SECRET}",
                "method", "put",
                "headers", Map.of("X-Auth", "Token ${env:HOOK_SECRET}"),
                "body", "{\"image\": \"${app}:${tag}\", \"base\": \"${newBaseDigest}\"}"));

    client.fire(t, CTX);

    Receiver.Received r = rx.only();
    assertThat(r.method()).isEqualTo("PUT");
    assertThat(r.path()).isEqualTo("/hooks/1.0");
    assertThat(r.query()).containsExactly(Map.entry("key", "hook-secret"));
    assertThat(r.headers())
        .containsEntry("x-auth", "Token hook-secret")
        .containsEntry("content-type", "application/json");
    JsonNode body = json(r.body());
    assertThat(body.get("image").asString()).isEqualTo("registry.example.com/team/app:1.0");
    assertThat(body.get("base").asString()).isEqualTo(NEW_BASE.toString());
    assertThat(t.describe()).contains("${env:HOOK_SECRET}").doesNotContain("hook-secret");
  }

  @Test
  void webhookDefaultBodyIsTheContext() throws Exception {
    client.fire(RebuildTrigger.fromConfig(config("type", "webhook", "url", rx.url())), CTX);

    Receiver.Received r = rx.only();
    assertThat(r.method()).isEqualTo("POST");
    JsonNode body = json(r.body());
    assertThat(body.get("tag").asString()).isEqualTo("1.0");
    assertThat(body.get("newBaseDigest").asString()).isEqualTo(NEW_BASE.toString());
    assertThat(body.size()).isEqualTo(6);
  }

  @Test
  void webhookBodyValuesAreJsonEscaped() throws Exception {
    String nasty = "he said \"hi\"\nthen \\left\t\u0001 ${tag}";
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config(
                "type",
                "webhook",
                "url",
                rx.url(),
                "body",
                "{\"note\": \"${env:NASTY}\", \"tag\": \"${tag}\", \"literal\": \"$${app}\"}"));
    TriggerClient c =
        TriggerClient.create(
            Duration.ofSeconds(5), Duration.ofSeconds(10), Map.of("NASTY", nasty)::get);

    c.fire(t, CTX);

    JsonNode body = json(rx.only().body());
    assertThat(body.get("note").asString()).isEqualTo(nasty);
    assertThat(body.get("tag").asString()).isEqualTo("1.0");
    assertThat(body.get("literal").asString()).isEqualTo("${app}");
  }

  @Test
  void webhookGetHasNoBody() throws Exception {
    client.fire(
        RebuildTrigger.fromConfig(
            config("type", "webhook", "url", rx.url() + "/go?t=${tag}", "method", "GET")),
        CTX);
    Receiver.Received r = rx.only();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.body()).isEmpty();
    assertThat(r.headers()).doesNotContainKey("content-type");
  }

  @Test
  void missingSecretNamesTheVariableAndSendsNothing() {
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config(
                "type",
                "github",
                "repository",
                "acme/app",
                "apiUrl",
                rx.url(),
                "tokenEnv",
                "NOPE_TOKEN"));
    assertThatThrownBy(() -> client.fire(t, CTX))
        .isInstanceOf(RebuildException.class)
        .hasMessage("github trigger acme/app: environment variable NOPE_TOKEN is not set");
    RebuildTrigger hook =
        RebuildTrigger.fromConfig(
            config("type", "webhook", "url", rx.url(), "headers", Map.of("X-K", "${env:EMPTY}")));
    assertThatThrownBy(() -> client.fire(hook, CTX))
        .isInstanceOf(RebuildException.class)
        .hasMessageContaining("environment variable EMPTY is empty");
    assertThat(rx.requests).isEmpty();
  }

  @Test
  void errorStatusCarriesStatusAndBodyButNotTheSecret() {
    String echo = "Bad credentials for token " + GH_TOKEN + " " + "x".repeat(400);
    rx.answer(401, echo);
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config("type", "github", "repository", "acme/app", "apiUrl", rx.url()));

    assertThatThrownBy(() -> client.fire(t, CTX))
        .isInstanceOfSatisfying(
            RebuildException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.getMessage())
                  .startsWith(
                      "github trigger acme/app: POST "
                          + rx.url()
                          + "/repos/acme/app/dispatches answered 401: Bad credentials for token"
                          + " ***")
                  .doesNotContain(GH_TOKEN)
                  .endsWith("…");
              String snippet = e.getMessage().substring(e.getMessage().indexOf("401: ") + 5);
              assertThat(snippet).hasSize(TriggerClient.ERROR_BODY_CHARS + 1);
            });
  }

  @Test
  void secretInTheUrlIsRedactedInErrors() {
    rx.answer(500, "boom");
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config("type", "webhook", "url", rx.url() + "/h?key=${env:HOOK_SECRET}"));
    assertThatThrownBy(() -> client.fire(t, CTX))
        .isInstanceOfSatisfying(
            RebuildException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.getMessage())
                  .contains("POST " + rx.url() + "/h?key=*** answered 500: boom")
                  .doesNotContain("hook-secret");
            });
  }

  @Test
  void jenkinsBasicCredentialIsRedactedWhenEchoed() {
    String b64 =
        Base64.getEncoder()
            .encodeToString(("drydock:" + JENKINS_TOKEN).getBytes(StandardCharsets.UTF_8));
    rx.answer(403, "No valid crumb for Basic " + b64);
    RebuildTrigger t =
        new RebuildTrigger.JenkinsBuild(rx.url() + "/job/app", "drydock", null, null, null, false);
    assertThatThrownBy(() -> client.fire(t, CTX))
        .isInstanceOf(RebuildException.class)
        .hasMessageEndingWith("answered 403: No valid crumb for Basic ***");
  }

  @Test
  void redirectIsNotFollowed() {
    rx.answer(302, "").withHeaders(Map.of("Location", "https://elsewhere.example/login"));
    RebuildTrigger t = RebuildTrigger.fromConfig(config("type", "webhook", "url", rx.url()));
    assertThatThrownBy(() -> client.fire(t, CTX))
        .isInstanceOfSatisfying(
            RebuildException.class,
            e -> {
              assertThat(e.status()).isEqualTo(302);
              assertThat(e.getMessage())
                  .contains("redirect to https://elsewhere.example/login not followed");
            });
    assertThat(rx.requests).hasSize(1);
  }

  @Test
  void connectionRefusedIsOneClearLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    RebuildTrigger t =
        RebuildTrigger.fromConfig(
            config(
                "type",
                "gitlab",
                "baseUrl",
                "http://127.0.0.1:" + port,
                "projectId",
                5,
                "ref",
                "main"));
    assertThatThrownBy(() -> client.fire(t, CTX))
        .isInstanceOfSatisfying(
            RebuildException.class,
            e -> {
              assertThat(e.status()).isZero();
              assertThat(e.getMessage())
                  .isEqualTo(
                      "gitlab trigger 5@main: POST http://127.0.0.1:"
                          + port
                          + "/api/v4/projects/5/trigger/pipeline failed: connection refused or"
                          + " unreachable");
            });
  }

  @Test
  void requestToStringHidesSecrets() throws Exception {
    TriggerRequest req =
        RebuildTrigger.fromConfig(
                config("type", "webhook", "url", rx.url() + "/h?k=${env:HOOK_SECRET}"))
            .request(CTX, ENV::get);
    assertThat(req.toString()).contains("/h?k=***").doesNotContain("hook-secret");
  }

  // ---- configuration errors name the field ----

  @Test
  void configErrorsNameTheField() {
    assertThatThrownBy(() -> RebuildTrigger.fromConfig(config("url", "https://x")))
        .hasMessageContaining("field \"type\" is required");
    assertThatThrownBy(() -> RebuildTrigger.fromConfig(config("type", "circleci")))
        .hasMessageContaining("\"circleci\" is unknown")
        .hasMessageContaining("webhook, github, azure-pipelines, jenkins, gitlab");
    assertThatThrownBy(() -> RebuildTrigger.fromConfig(config("type", "github")))
        .hasMessage("github trigger: field \"repository\" is required");
    assertThatThrownBy(
            () -> RebuildTrigger.fromConfig(config("type", "github", "repository", "acme")))
        .hasMessageContaining("field \"repository\": \"acme\" is not owner/repo");
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config("type", "github", "repository", "a/b", "event_type", "x")))
        .hasMessageContaining("unknown field \"event_type\"")
        .hasMessageContaining("eventType");
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config(
                        "type",
                        "azure-pipelines",
                        "organization",
                        "o",
                        "project",
                        "p",
                        "pipelineId",
                        "twelve")))
        .hasMessageContaining("field \"pipelineId\" must be a positive integer, not \"twelve\"");
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config(
                        "type",
                        "jenkins",
                        "url",
                        "https://j/job/a",
                        "user",
                        "u",
                        "parameters",
                        List.of("A"))))
        .hasMessageContaining("field \"parameters\" must be a map");
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config(
                        "type",
                        "gitlab",
                        "projectId",
                        1,
                        "ref",
                        "main",
                        "variables",
                        Map.of("X", Map.of()))))
        .hasMessageContaining("field \"variables.X\" must be a string, not a map");
    assertThatThrownBy(
            () -> RebuildTrigger.fromConfig(config("type", "webhook", "url", "ftp://x/y")))
        .hasMessageContaining("field \"url\": \"ftp://x/y\" is not an http(s) URL");
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config("type", "webhook", "url", "https://x", "method", "DELETE")))
        .hasMessageContaining("field \"method\": \"DELETE\" is not one of");
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config("type", "webhook", "url", "https://x", "headers", Map.of("Host", "y"))))
        .hasMessageContaining("field \"headers.Host\": this header cannot be set");
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config("type", "github", "repository", "a/b", "tokenEnv", "MY-TOKEN")))
        .hasMessageContaining("field \"tokenEnv\": \"MY-TOKEN\" is not an environment variable");
  }

  @Test
  void templateErrorsFailAtConfigurationTime() {
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config(
                        "type", "webhook", "url", "https://x", "body", "{\"a\":\"${appdigest}\"}")))
        .hasMessageContaining("field \"body\": unknown placeholder \"${appdigest}\"")
        .hasMessageContaining("appDigest");
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config(
                        "type",
                        "jenkins",
                        "url",
                        "https://j/job/a",
                        "user",
                        "u",
                        "parameters",
                        Map.of("TAG", "${tag"))))
        .hasMessageContaining("field \"parameters.TAG\": unclosed placeholder");
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(config("type", "webhook", "url", "https://x?k=${env:}")))
        .hasMessageContaining("does not name an environment variable");
  }

  @Test
  void plainHttpToARemoteHostNeedsInsecure() {
    assertThatThrownBy(
            () ->
                RebuildTrigger.fromConfig(
                    config(
                        "type", "jenkins", "url", "http://jenkins.example.com/job/a", "user", "u")))
        .hasMessageContaining("field \"url\": plain http to jenkins.example.com")
        .hasMessageContaining("insecure: true");
    RebuildTrigger ok =
        RebuildTrigger.fromConfig(
            config(
                "type",
                "jenkins",
                "url",
                "http://jenkins.example.com/job/a",
                "user",
                "u",
                "insecure",
                true));
    assertThat(((RebuildTrigger.JenkinsBuild) ok).insecure()).isTrue();
    RebuildTrigger templated =
        RebuildTrigger.fromConfig(config("type", "webhook", "url", "http://${env:HOOK_HOST}/h"));
    assertThatThrownBy(() -> templated.request(CTX, Map.of("HOOK_HOST", "ci.example.com")::get))
        .isInstanceOf(RebuildException.class)
        .hasMessageContaining("plain http to ci.example.com");
  }

  @Test
  void defaults() {
    RebuildTrigger.GitHubDispatch gh =
        (RebuildTrigger.GitHubDispatch)
            RebuildTrigger.fromConfig(config("type", "github", "repository", "acme/app"));
    assertThat(gh.apiUrl()).isEqualTo("https://api.github.com");
    assertThat(gh.eventType()).isEqualTo("drydock-base-updated");
    assertThat(gh.tokenEnv()).isEqualTo("GITHUB_TOKEN");
    RebuildTrigger.GitLabPipeline gl =
        (RebuildTrigger.GitLabPipeline)
            RebuildTrigger.fromConfig(config("type", "gitlab", "projectId", 1, "ref", "main"));
    assertThat(gl.baseUrl()).isEqualTo("https://gitlab.com");
    RebuildTrigger.AzurePipelinesRun az =
        (RebuildTrigger.AzurePipelinesRun)
            RebuildTrigger.fromConfig(
                config(
                    "type",
                    "azure-pipelines",
                    "organization",
                    "o",
                    "project",
                    "p",
                    "pipelineId",
                    "3"));
    assertThat(az.baseUrl()).isEqualTo("https://dev.azure.com");
    assertThat(az.pipelineId()).isEqualTo(3);
    RebuildTrigger.Webhook wh =
        (RebuildTrigger.Webhook)
            RebuildTrigger.fromConfig(config("type", "webhook", "url", "https://x/h"));
    assertThat(wh.method()).isEqualTo("POST");
  }
}
