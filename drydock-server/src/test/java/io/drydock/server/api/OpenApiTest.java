package io.drydock.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.drydock.server.ServerContext;
import io.drydock.server.ServerPart;
import io.drydock.server.db.Vendor;
import io.javalin.Javalin;
import io.javalin.router.ParsedEndpoint;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document cannot drift from the code: its (method, path) set is the set of routes
 * Javalin registered under {@code /api/}, and real responses of every GET carry the properties its
 * schemas require (recursively, through $ref, allOf, arrays).
 */
class OpenApiTest {
  @TempDir Path dir;

  @Test
  void theDocumentDescribesExactlyTheRegisteredRoutes() throws Exception {
    try (ApiFixture f = new ApiFixture(Vendor.SQLITE, dir)) {
      JsonNode doc = f.get("/openapi.json").json();
      assertThat(doc.get("openapi").asString()).isEqualTo("3.1.0");
      assertThat(
              doc.get("components").get("securitySchemes").get("bearer").get("scheme").asString())
          .isEqualTo("bearer");
      Set<String> documented = new TreeSet<>();
      for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
        for (Map.Entry<String, JsonNode> m : p.getValue().properties()) {
          documented.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
        }
      }
      // the routes as Javalin registered them, from its router
      List<ServerPart> parts = new ArrayList<>();
      ServerContext c = f.server.context();
      // a registry of its own: the server's already holds these parts' metrics
      ServerContext fresh =
          new ServerContext(
              c.config(), c.db(), c.queue(), c.clock(), new PrometheusRegistry(), c.wake());
      ApiPart.factories().forEach(fac -> parts.add(fac.apply(fresh)));
      Javalin app = Javalin.create(cfg -> parts.forEach(p -> p.routes(cfg.routes)));
      Set<String> registered = new TreeSet<>();
      for (ParsedEndpoint e : app.unsafe.internalRouter.allHttpHandlers()) {
        boolean verb =
            Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(e.endpoint.method.name());
        if (verb && e.endpoint.path.startsWith("/api/")) {
          registered.add(e.endpoint.method.name() + " " + e.endpoint.path);
        }
      }
      assertThat(registered).hasSize(14);
      assertThat(documented).isEqualTo(registered);
      assertThat(new TreeSet<>(ApiPart.API_PATHS))
          .isEqualTo(new TreeSet<>(registered.stream().map(s -> s.split(" ")[1]).toList()));
      // every path parameter and every operation answers 401 without a token
      for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
        for (Map.Entry<String, JsonNode> m : p.getValue().properties()) {
          assertThat(m.getValue().get("responses").has("401")).as(p.getKey()).isTrue();
        }
      }
    }
  }

  @Test
  void everyGetAnswersWhatItsSchemaRequires() throws Exception {
    try (ApiFixture f = new ApiFixture(Vendor.SQLITE, dir).fill()) {
      JsonNode doc =
          f.send(HttpRequest.newBuilder(f.uri("/openapi.json"))).json(); // no token needed
      long job =
          f.post("/api/v1/scans", "{\"image\":\"reg.example/a:1\"}").json().get("job").asLong();
      Map<String, String> concrete = Map.of("{digest}", ApiFixture.D1, "{id}", String.valueOf(job));
      int checked = 0;
      for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
        JsonNode get = p.getValue().get("get");
        if (get == null) {
          continue;
        }
        String path = p.getKey();
        for (Map.Entry<String, String> c : concrete.entrySet()) {
          path = path.replace(c.getKey(), c.getValue());
        }
        ApiFixture.Reply r = f.get(path);
        assertThat(r.status()).as(path).isEqualTo(200);
        JsonNode content = get.get("responses").get("200").get("content");
        JsonNode schema =
            content.has("application/json")
                ? content.get("application/json").get("schema")
                : content.properties().iterator().next().getValue().get("schema");
        List<String> problems = new ArrayList<>();
        check(doc, schema, r.json(), path, problems);
        assertThat(problems).as(path).isEmpty();
        checked++;
      }
      assertThat(checked).isEqualTo(12);
      // the checker itself finds a missing property
      List<String> problems = new ArrayList<>();
      check(
          doc,
          doc.get("components").get("schemas").get("Summary"),
          ApiFixture.JSON.readTree("{\"images\":1}"),
          "x",
          problems);
      assertThat(problems).anyMatch(s -> s.contains("findingsBySeverity"));
    }
  }

  /** Required properties and declared types, following $ref, allOf, properties and items. */
  static void check(JsonNode doc, JsonNode schema, JsonNode value, String at, List<String> out) {
    if (schema == null || value == null) {
      return;
    }
    if (schema.has("$ref")) {
      String name = schema.get("$ref").asString().substring("#/components/schemas/".length());
      check(doc, doc.get("components").get("schemas").get(name), value, at, out);
    }
    if (schema.has("allOf")) {
      schema.get("allOf").forEach(s -> check(doc, s, value, at, out));
    }
    if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
      out.add(at + ": " + value.getNodeType() + " is not " + schema.get("type"));
      return;
    }
    if (value.isObject()) {
      if (schema.has("required")) {
        for (JsonNode r : schema.get("required")) {
          if (!value.has(r.asString())) {
            out.add(at + ": missing " + r.asString());
          }
        }
      }
      if (schema.has("properties")) {
        for (Map.Entry<String, JsonNode> prop : schema.get("properties").properties()) {
          if (value.has(prop.getKey())) {
            check(doc, prop.getValue(), value.get(prop.getKey()), at + "." + prop.getKey(), out);
          }
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      Iterator<JsonNode> it = value.iterator();
      for (int i = 0; it.hasNext(); i++) {
        check(doc, schema.get("items"), it.next(), at + "[" + i + "]", out);
      }
    }
  }

  private static boolean typeMatches(JsonNode type, JsonNode value) {
    List<String> types = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asString()));
    } else {
      types.add(type.asString());
    }
    for (String t : types) {
      boolean ok =
          switch (t) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
          };
      if (ok) {
        return true;
      }
    }
    return false;
  }
}
