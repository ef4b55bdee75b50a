package io.drydock.refresh.rebuild;

import io.drydock.oci.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * How to ask an app's CI to rebuild it: one HTTP request, rendered from a {@link RebuildContext}
 * and the environment by {@link #request}. The kinds are records, validated when built (a bad URL
 * or an unknown placeholder fails at configuration time, naming the field); secrets are read only
 * by {@link #request}, so configuration never holds them.
 *
 * <p>String values marked <em>templated</em> may use {@code ${app}}, {@code ${appDigest}}, {@code
 * ${base}}, {@code ${oldBaseDigest}}, {@code ${newBaseDigest}}, {@code ${tag}} (see {@link
 * RebuildContext#variables()}) and {@code ${env:NAME}}; {@code $${} is a literal {@code ${}.
 *
 * <p>Plain {@code http} URLs are accepted only for loopback hosts unless {@code insecure} is set,
 * since every kind sends a credential. All records are immutable and thread-safe.
 */
public sealed interface RebuildTrigger
    permits RebuildTrigger.Webhook,
        RebuildTrigger.GitHubDispatch,
        RebuildTrigger.AzurePipelinesRun,
        RebuildTrigger.JenkinsBuild,
        RebuildTrigger.GitLabPipeline {

  /** The configuration {@code type}: {@code webhook}, {@code github}, … */
  String kind();

  /** A short name for messages: {@code "github trigger acme/app"}. Never holds a secret. */
  String describe();

  /**
   * Renders the request for {@code ctx}, reading secrets through {@code env} ({@code
   * System::getenv} in production).
   *
   * @throws RebuildException when a secret is unset or empty (naming the variable), or a templated
   *     URL renders to an unusable one
   */
  TriggerRequest request(RebuildContext ctx, Function<String, String> env) throws RebuildException;

  /** The configuration types {@link #fromConfig} accepts. */
  List<String> TYPES = List.of("webhook", "github", "azure-pipelines", "jenkins", "gitlab");

  /**
   * Builds a trigger from configuration values, as a YAML or JSON parser gives them: field {@code
   * type} picks the kind, the other fields are those of its record (camelCase names, e.g. {@code
   * eventType}, {@code tokenEnv}, {@code pipelineId}). Numbers and booleans are accepted where a
   * string is expected. Unknown fields are refused.
   *
   * @throws IllegalArgumentException naming the bad field and, where there is one, its value
   */
  static RebuildTrigger fromConfig(Map<String, ?> m) {
    Objects.requireNonNull(m, "config");
    Object type = m.get("type");
    if (!(type instanceof String t) || !TYPES.contains(t)) {
      throw new IllegalArgumentException(
          "rebuild trigger: field \"type\" "
              + (type == null ? "is required" : "\"" + type + "\" is unknown")
              + " (one of "
              + String.join(", ", TYPES)
              + ")");
    }
    ConfigFields f = new ConfigFields(m, t + " trigger");
    f.string("type");
    RebuildTrigger trigger =
        switch (t) {
          case "webhook" ->
              new Webhook(
                  f.string("url"),
                  f.optString("method", "POST"),
                  f.stringMap("headers"),
                  f.optString("body", null),
                  f.optBoolean("insecure", false));
          case "github" ->
              new GitHubDispatch(
                  f.optString("apiUrl", GitHubDispatch.DEFAULT_API_URL),
                  f.string("repository"),
                  f.optString("eventType", GitHubDispatch.DEFAULT_EVENT_TYPE),
                  f.optString("tokenEnv", GitHubDispatch.DEFAULT_TOKEN_ENV),
                  f.stringMap("clientPayload"),
                  f.optBoolean("insecure", false));
          case "azure-pipelines" ->
              new AzurePipelinesRun(
                  f.optString("baseUrl", AzurePipelinesRun.DEFAULT_BASE_URL),
                  f.string("organization"),
                  f.string("project"),
                  f.positiveLong("pipelineId"),
                  f.optString("tokenEnv", AzurePipelinesRun.DEFAULT_TOKEN_ENV),
                  f.optString("refName", null),
                  f.stringMap("templateParameters"),
                  f.optBoolean("insecure", false));
          case "jenkins" ->
              new JenkinsBuild(
                  f.string("url"),
                  f.string("user"),
                  f.optString("tokenEnv", JenkinsBuild.DEFAULT_TOKEN_ENV),
                  f.optString("buildTokenEnv", null),
                  f.stringMap("parameters"),
                  f.optBoolean("insecure", false));
          case "gitlab" ->
              new GitLabPipeline(
                  f.optString("baseUrl", GitLabPipeline.DEFAULT_BASE_URL),
                  f.string("projectId"),
                  f.string("ref"),
                  f.optString("tokenEnv", GitLabPipeline.DEFAULT_TOKEN_ENV),
                  f.stringMap("variables"),
                  f.optBoolean("insecure", false));
          default -> throw new IllegalStateException(t);
        };
    f.rejectUnknown();
    return trigger;
  }

  private static void checkEnvName(String kind, String field, String name) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          kind
              + " trigger: field \""
              + field
              + "\": \""
              + name
              + "\" is not an environment variable name (letters, digits, _)");
    }
  }

  private static byte[] json(ObjectNode node) {
    return Json.MAPPER.writeValueAsBytes(node);
  }

  /**
   * A generic webhook: any URL, method, headers and body.
   *
   * @param url templated; placeholder values are percent-encoded (so {@code ${env:TOKEN}} may sit
   *     in a query)
   * @param method {@code POST} (the default), {@code PUT}, {@code PATCH} or {@code GET}
   * @param headers name → templated value (values substituted as is); {@code Content-Type} defaults
   *     to {@code application/json} when there is a body
   * @param body templated, placeholder values JSON-escaped (so {@code "${tag}"} stays a valid JSON
   *     string whatever the tag holds); {@code null}: a JSON object of the six context variables
   *     ({@code GET}: no body)
   * @param insecure allow plain {@code http} to a non-loopback host
   */
  record Webhook(
      String url, String method, Map<String, String> headers, String body, boolean insecure)
      implements RebuildTrigger {
    static final List<String> METHODS = List.of("POST", "PUT", "PATCH", "GET");

    public Webhook {
      Objects.requireNonNull(url, "url");
      method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
      if (!METHODS.contains(method)) {
        throw new IllegalArgumentException(
            "webhook trigger: field \"method\": \""
                + method
                + "\" is not one of "
                + String.join(", ", METHODS));
      }
      Template.parse(url, "url");
      if (!url.contains("${")) {
        String problem = Requests.transportProblem(Requests.parse("webhook", "url", url), insecure);
        if (problem != null) {
          throw new IllegalArgumentException("webhook trigger: field \"url\": " + problem);
        }
      }
      headers = Requests.checkTemplates("webhook", "headers", headers == null ? Map.of() : headers);
      for (String h : headers.keySet()) {
        if (Requests.RESTRICTED_HEADERS.contains(h.toLowerCase(Locale.ROOT))
            || !h.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
          throw new IllegalArgumentException(
              "webhook trigger: field \"headers." + h + "\": this header cannot be set");
        }
      }
      if (body != null) {
        if (method.equals("GET")) {
          throw new IllegalArgumentException(
              "webhook trigger: field \"body\": a GET request has no body");
        }
        Template.parse(body, "body");
      }
    }

    @Override
    public String kind() {
      return "webhook";
    }

    @Override
    public String describe() {
      return "webhook trigger " + url;
    }

    @Override
    public TriggerRequest request(RebuildContext ctx, Function<String, String> env)
        throws RebuildException {
      String what = describe();
      Set<String> secrets = new LinkedHashSet<>();
      Map<String, String> vars = ctx.variables();
      String rendered =
          Template.parse(url, "url").render(vars, env, Template::urlEncode, secrets, what);
      URI uri;
      try {
        uri = new URI(rendered);
      } catch (URISyntaxException e) {
        throw new RebuildException(what + ": the rendered URL is not valid: " + e.getReason());
      }
      if (uri.getScheme() == null
          || !(uri.getScheme().equalsIgnoreCase("http")
              || uri.getScheme().equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new RebuildException(what + ": the rendered URL is not an http(s) URL");
      }
      String problem = Requests.transportProblem(uri, insecure);
      if (problem != null) {
        throw new RebuildException(what + ": " + problem);
      }
      Map<String, String> h = new LinkedHashMap<>();
      h.put("User-Agent", Requests.USER_AGENT);
      h.putAll(Requests.render(headers, ctx, env, secrets, what));
      byte[] content = new byte[0];
      if (!method.equals("GET")) {
        String text;
        if (body == null) {
          ObjectNode node = Json.MAPPER.createObjectNode();
          vars.forEach(node::put);
          text = Json.MAPPER.writeValueAsString(node);
        } else {
          text =
              Template.parse(body, "body").render(vars, env, Template::jsonEscape, secrets, what);
        }
        content = text.getBytes(StandardCharsets.UTF_8);
        if (h.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
          h.put("Content-Type", "application/json");
        }
      }
      return new TriggerRequest(what, method, uri, h, content, secrets);
    }
  }

  /**
   * GitHub's "create a repository dispatch event": {@code POST
   * {apiUrl}/repos/{owner}/{repo}/dispatches} with a bearer token; a workflow {@code on:
   * repository_dispatch: types: [eventType]} runs. GitHub answers 204.
   *
   * @param apiUrl {@value #DEFAULT_API_URL}, or a GitHub Enterprise Server's {@code
   *     https://HOST/api/v3}
   * @param repository {@code owner/repo}
   * @param eventType at most 100 characters; default {@value #DEFAULT_EVENT_TYPE}
   * @param tokenEnv the environment variable holding the token (needs {@code contents: write} on
   *     the repository); default {@value #DEFAULT_TOKEN_ENV}
   * @param clientPayload name → templated value, at most 10 entries (GitHub's limit); empty: the
   *     six context variables ({@code app}, {@code appDigest}, …)
   */
  record GitHubDispatch(
      String apiUrl,
      String repository,
      String eventType,
      String tokenEnv,
      Map<String, String> clientPayload,
      boolean insecure)
      implements RebuildTrigger {
    public static final String DEFAULT_API_URL = "https://api.github.com";
    public static final String DEFAULT_EVENT_TYPE = "drydock-base-updated";
    public static final String DEFAULT_TOKEN_ENV = "GITHUB_TOKEN";

    public GitHubDispatch {
      apiUrl =
          Requests.baseUrl("github", "apiUrl", apiUrl == null ? DEFAULT_API_URL : apiUrl, insecure);
      Objects.requireNonNull(repository, "repository");
      if (!repository.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException(
            "github trigger: field \"repository\": \"" + repository + "\" is not owner/repo");
      }
      eventType = eventType == null ? DEFAULT_EVENT_TYPE : eventType;
      if (eventType.isBlank() || eventType.length() > 100) {
        throw new IllegalArgumentException(
            "github trigger: field \"eventType\": must be 1 to 100 characters");
      }
      tokenEnv = tokenEnv == null ? DEFAULT_TOKEN_ENV : tokenEnv;
      checkEnvName("github", "tokenEnv", tokenEnv);
      clientPayload =
          Requests.checkTemplates(
              "github", "clientPayload", clientPayload == null ? Map.of() : clientPayload);
      if (clientPayload.size() > 10) {
        throw new IllegalArgumentException(
            "github trigger: field \"clientPayload\": "
                + clientPayload.size()
                + " entries, GitHub allows at most 10");
      }
    }

    @Override
    public String kind() {
      return "github";
    }

    @Override
    public String describe() {
      return "github trigger " + repository;
    }

    @Override
    public TriggerRequest request(RebuildContext ctx, Function<String, String> env)
        throws RebuildException {
      String what = describe();
      Set<String> secrets = new LinkedHashSet<>();
      String token = Secrets.require(env, tokenEnv, what);
      secrets.add(token);
      Map<String, String> payload =
          clientPayload.isEmpty()
              ? ctx.variables()
              : Requests.render(clientPayload, ctx, env, secrets, what);
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("event_type", eventType);
      ObjectNode p = body.putObject("client_payload");
      payload.forEach(p::put);
      int slash = repository.indexOf('/');
      URI uri =
          URI.create(
              apiUrl
                  + "/repos/"
                  + Template.urlEncode(repository.substring(0, slash))
                  + "/"
                  + Template.urlEncode(repository.substring(slash + 1))
                  + "/dispatches");
      Map<String, String> h = new LinkedHashMap<>();
      h.put("User-Agent", Requests.USER_AGENT);
      h.put("Accept", "application/vnd.github+json");
      h.put("Authorization", "Bearer " + token);
      h.put("X-GitHub-Api-Version", "2022-11-28");
      h.put("Content-Type", "application/json");
      return new TriggerRequest(what, "POST", uri, h, json(body), secrets);
    }
  }

  /**
   * Azure Pipelines "Runs - Run Pipeline": {@code POST
   * {baseUrl}/{organization}/{project}/_apis/pipelines/{pipelineId}/runs?api-version=7.1}, with a
   * personal access token as basic auth (empty user). Azure answers 200 with the run.
   *
   * @param baseUrl {@value #DEFAULT_BASE_URL}, or an Azure DevOps Server collection URL
   * @param tokenEnv variable holding the PAT (scope Build: read &amp; execute); default {@value
   *     #DEFAULT_TOKEN_ENV}
   * @param refName the branch or tag to build ({@code refs/heads/main}); {@code null}: the
   *     pipeline's default branch
   * @param templateParameters the pipeline's {@code parameters:}, name → templated value; Azure
   *     refuses names the pipeline does not declare
   */
  record AzurePipelinesRun(
      String baseUrl,
      String organization,
      String project,
      long pipelineId,
      String tokenEnv,
      String refName,
      Map<String, String> templateParameters,
      boolean insecure)
      implements RebuildTrigger {
    public static final String DEFAULT_BASE_URL = "https://dev.azure.com";
    public static final String DEFAULT_TOKEN_ENV = "AZURE_DEVOPS_EXT_PAT";
    public static final String API_VERSION = "7.1";

    public AzurePipelinesRun {
      baseUrl =
          Requests.baseUrl(
              "azure-pipelines", "baseUrl", baseUrl == null ? DEFAULT_BASE_URL : baseUrl, insecure);
      Objects.requireNonNull(organization, "organization");
      Objects.requireNonNull(project, "project");
      if (pipelineId <= 0) {
        throw new IllegalArgumentException(
            "azure-pipelines trigger: field \"pipelineId\": must be positive, not " + pipelineId);
      }
      tokenEnv = tokenEnv == null ? DEFAULT_TOKEN_ENV : tokenEnv;
      checkEnvName("azure-pipelines", "tokenEnv", tokenEnv);
      templateParameters =
          Requests.checkTemplates(
              "azure-pipelines",
              "templateParameters",
              templateParameters == null ? Map.of() : templateParameters);
    }

    @Override
    public String kind() {
      return "azure-pipelines";
    }

    @Override
    public String describe() {
      return "azure-pipelines trigger " + organization + "/" + project + " pipeline " + pipelineId;
    }

    @Override
    public TriggerRequest request(RebuildContext ctx, Function<String, String> env)
        throws RebuildException {
      String what = describe();
      Set<String> secrets = new LinkedHashSet<>();
      String token = Secrets.require(env, tokenEnv, what);
      secrets.add(token);
      ObjectNode body = Json.MAPPER.createObjectNode();
      if (refName != null) {
        body.putObject("resources")
            .putObject("repositories")
            .putObject("self")
            .put("refName", refName);
      }
      ObjectNode params = body.putObject("templateParameters");
      Requests.render(templateParameters, ctx, env, secrets, what).forEach(params::put);
      URI uri =
          URI.create(
              baseUrl
                  + "/"
                  + Template.urlEncode(organization)
                  + "/"
                  + Template.urlEncode(project)
                  + "/_apis/pipelines/"
                  + pipelineId
                  + "/runs?api-version="
                  + API_VERSION);
      Map<String, String> h = new LinkedHashMap<>();
      h.put("User-Agent", Requests.USER_AGENT);
      h.put("Accept", "application/json");
      h.put("Authorization", Requests.basic("", token, secrets));
      h.put("Content-Type", "application/json");
      return new TriggerRequest(what, "POST", uri, h, json(body), secrets);
    }
  }

  /**
   * Jenkins {@code buildWithParameters}: {@code POST {url}/buildWithParameters?NAME=value…} with
   * basic auth (user and API token; Jenkins needs no CSRF crumb for API-token requests since 2.96).
   * Jenkins answers 201 with the queue item in {@code Location}.
   *
   * @param url the job's URL ({@code https://jenkins.example.com/job/folder/job/app})
   * @param user the Jenkins user the API token belongs to
   * @param tokenEnv variable holding the user's API token; default {@value #DEFAULT_TOKEN_ENV}
   * @param buildTokenEnv variable holding the job's "trigger builds remotely" token, sent as {@code
   *     token=}; {@code null}: none
   * @param parameters the job's parameters, name → templated value, sent in the query in order
   */
  record JenkinsBuild(
      String url,
      String user,
      String tokenEnv,
      String buildTokenEnv,
      Map<String, String> parameters,
      boolean insecure)
      implements RebuildTrigger {
    public static final String DEFAULT_TOKEN_ENV = "JENKINS_API_TOKEN";

    public JenkinsBuild {
      url = Requests.baseUrl("jenkins", "url", Objects.requireNonNull(url, "url"), insecure);
      Objects.requireNonNull(user, "user");
      tokenEnv = tokenEnv == null ? DEFAULT_TOKEN_ENV : tokenEnv;
      checkEnvName("jenkins", "tokenEnv", tokenEnv);
      if (buildTokenEnv != null) {
        checkEnvName("jenkins", "buildTokenEnv", buildTokenEnv);
      }
      parameters =
          Requests.checkTemplates(
              "jenkins", "parameters", parameters == null ? Map.of() : parameters);
      if (parameters.containsKey("token")) {
        throw new IllegalArgumentException(
            "jenkins trigger: field \"parameters.token\": reserved for the build token; use"
                + " buildTokenEnv");
      }
    }

    @Override
    public String kind() {
      return "jenkins";
    }

    @Override
    public String describe() {
      return "jenkins trigger " + url;
    }

    @Override
    public TriggerRequest request(RebuildContext ctx, Function<String, String> env)
        throws RebuildException {
      String what = describe();
      Set<String> secrets = new LinkedHashSet<>();
      String token = Secrets.require(env, tokenEnv, what);
      secrets.add(token);
      Map<String, String> query = new LinkedHashMap<>();
      if (buildTokenEnv != null) {
        String buildToken = Secrets.require(env, buildTokenEnv, what);
        secrets.add(buildToken);
        query.put("token", buildToken);
      }
      query.putAll(Requests.render(parameters, ctx, env, secrets, what));
      String q = Requests.form(query);
      URI uri = URI.create(url + "/buildWithParameters" + (q.isEmpty() ? "" : "?" + q));
      Map<String, String> h = new LinkedHashMap<>();
      h.put("User-Agent", Requests.USER_AGENT);
      h.put("Authorization", Requests.basic(user, token, secrets));
      return new TriggerRequest(what, "POST", uri, h, new byte[0], secrets);
    }
  }

  /**
   * GitLab "trigger a pipeline with a token": {@code POST
   * {baseUrl}/api/v4/projects/{projectId}/trigger/pipeline} with form fields {@code token}, {@code
   * ref} and {@code variables[NAME]}. GitLab answers 201 with the pipeline.
   *
   * @param baseUrl {@value #DEFAULT_BASE_URL}, or a self-managed instance
   * @param projectId the numeric id or the {@code group/project} path (encoded here)
   * @param ref the branch or tag to run the pipeline for
   * @param tokenEnv variable holding the pipeline trigger token; default {@value
   *     #DEFAULT_TOKEN_ENV}
   * @param variables CI/CD variables, name → templated value
   */
  record GitLabPipeline(
      String baseUrl,
      String projectId,
      String ref,
      String tokenEnv,
      Map<String, String> variables,
      boolean insecure)
      implements RebuildTrigger {
    public static final String DEFAULT_BASE_URL = "https://gitlab.com";
    public static final String DEFAULT_TOKEN_ENV = "GITLAB_TRIGGER_TOKEN";

    public GitLabPipeline {
      baseUrl =
          Requests.baseUrl(
              "gitlab", "baseUrl", baseUrl == null ? DEFAULT_BASE_URL : baseUrl, insecure);
      Objects.requireNonNull(projectId, "projectId");
      Objects.requireNonNull(ref, "ref");
      tokenEnv = tokenEnv == null ? DEFAULT_TOKEN_ENV : tokenEnv;
      checkEnvName("gitlab", "tokenEnv", tokenEnv);
      variables =
          Requests.checkTemplates("gitlab", "variables", variables == null ? Map.of() : variables);
    }

    @Override
    public String kind() {
      return "gitlab";
    }

    @Override
    public String describe() {
      return "gitlab trigger " + projectId + "@" + ref;
    }

    @Override
    public TriggerRequest request(RebuildContext ctx, Function<String, String> env)
        throws RebuildException {
      String what = describe();
      Set<String> secrets = new LinkedHashSet<>();
      String token = Secrets.require(env, tokenEnv, what);
      secrets.add(token);
      Map<String, String> form = new LinkedHashMap<>();
      form.put("token", token);
      form.put("ref", ref);
      Requests.render(variables, ctx, env, secrets, what)
          .forEach((k, v) -> form.put("variables[" + k + "]", v));
      URI uri =
          URI.create(
              baseUrl + "/api/v4/projects/" + Template.urlEncode(projectId) + "/trigger/pipeline");
      Map<String, String> h = new LinkedHashMap<>();
      h.put("User-Agent", Requests.USER_AGENT);
      h.put("Accept", "application/json");
      h.put("Content-Type", "application/x-www-form-urlencoded");
      return new TriggerRequest(
          what, "POST", uri, h, Requests.form(form).getBytes(StandardCharsets.UTF_8), secrets);
    }
  }
}
