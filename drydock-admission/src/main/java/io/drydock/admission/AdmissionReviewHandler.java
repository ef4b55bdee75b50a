package io.drydock.admission;

import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import io.drydock.policy.ImageGlob;
import io.drydock.policy.PolicyInput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers one {@code AdmissionReview} ({@code admission.k8s.io/v1}) as the API server sends it to
 * {@code /validate} or {@code /mutate}. Thread-safe.
 *
 * <p>What it does, in order: operations other than CREATE and UPDATE, exempt namespaces and kinds
 * without pod specs are allowed (unknown kinds with a warning); a break-glass annotation admits the
 * object without checks and is logged at WARN; otherwise every image of the containers, init
 * containers and ephemeral containers (on UPDATE only those not already in the old object, and not
 * matching an exempt glob) is decided once, all in parallel, within the deadline. Images without a
 * decision in time follow the failure mode. Deny rules deny (in audit mode: warn and log), warn
 * rules go into {@code warnings}; on {@code /mutate} the images that passed are pinned to their
 * digests with a JSONPatch.
 */
final class AdmissionReviewHandler {
  private static final Logger LOG = LoggerFactory.getLogger("drydock.admission");

  static final String API_VERSION = "admission.k8s.io/v1";
  static final int MAX_WARNINGS = 20;
  static final int MAX_WARNING_CHARS = 512;
  static final int MAX_MESSAGE_CHARS = 8192;

  private final AdmissionConfig config;
  private final ImageJudge judge;
  private final ImageSightings sightings;

  AdmissionReviewHandler(AdmissionConfig config, ImageJudge judge) {
    this(config, judge, ImageSightings.NONE);
  }

  AdmissionReviewHandler(AdmissionConfig config, ImageJudge judge, ImageSightings sightings) {
    this.config = config;
    this.judge = judge;
    this.sightings = sightings;
  }

  /**
   * The answer to one request.
   *
   * @param status the HTTP status: 200, or 400 for a body that is not an AdmissionReview
   * @param body the AdmissionReview response (JSON)
   * @param result {@code allowed}, {@code denied}, {@code exempt}, {@code audit} (allowed, would
   *     have been denied), {@code failure-open}, {@code failure-closed} or {@code malformed}
   */
  record Outcome(int status, byte[] body, String result) {}

  Outcome handle(byte[] body, boolean mutate) {
    return handle(body, mutate, System.nanoTime());
  }

  /**
   * @param arrived {@link System#nanoTime()} when the request arrived: the deadline counts from
   *     then, so a request that waited in the server's queue does not get a full deadline again
   */
  Outcome handle(byte[] body, boolean mutate, long arrived) {
    JsonNode review;
    try {
      review = Json.readObject(body, "AdmissionReview");
    } catch (java.io.IOException e) {
      return malformed("", "the request is not JSON: " + e.getMessage());
    }
    JsonNode request = review.path("request");
    String uid = request.path("uid").asString("");
    if (!API_VERSION.equals(review.path("apiVersion").asString(""))
        || !"AdmissionReview".equals(review.path("kind").asString(""))) {
      return malformed(
          uid,
          "expected an AdmissionReview of apiVersion "
              + API_VERSION
              + ", got kind \""
              + review.path("kind").asString("")
              + "\" apiVersion \""
              + review.path("apiVersion").asString("")
              + "\"");
    }
    if (!request.isObject() || uid.isEmpty()) {
      return malformed(uid, "the AdmissionReview has no request with a uid");
    }
    try {
      return decide(uid, request, mutate, arrived);
    } catch (RuntimeException e) {
      // A request shaped in a way this code did not expect: answer, never crash the server.
      LOG.error("admission uid={}: {}", uid, e.toString());
      return malformed(uid, "could not read the request: " + e.getMessage());
    }
  }

  private Outcome decide(String uid, JsonNode request, boolean mutate, long started) {
    String operation = request.path("operation").asString("");
    String namespace = request.path("namespace").asString("");
    String kind = request.path("kind").path("kind").asString("");
    String name = request.path("name").asString(request.at("/object/metadata/name").asString(""));
    String generateName = request.at("/object/metadata/generateName").asString("");
    String user = request.path("userInfo").path("username").asString("");
    boolean dryRun = request.path("dryRun").asBoolean(false);
    String what =
        kind
            + " "
            + (namespace.isEmpty() ? "" : namespace + "/")
            + (name.isEmpty() ? generateName + "*" : name);
    Response r = new Response(uid);
    if (!operation.equals("CREATE") && !operation.equals("UPDATE")) {
      return r.allow("exempt");
    }
    if (config.exemptNamespaces().contains(namespace)) {
      return r.allow("exempt");
    }
    if (!PodImages.known(kind)) {
      r.warn("drydock: kind " + kind + " is not checked (no pod template known)");
      return r.allow("exempt");
    }
    JsonNode object = request.path("object");
    String breakGlass = breakGlass(kind, object);
    if (breakGlass != null) {
      LOG.warn(
          "BREAK-GLASS: {} {} by {} admitted WITHOUT image checks (annotation {}=\"{}\"){}",
          operation,
          what,
          user,
          config.breakGlassAnnotation(),
          breakGlass,
          dryRun ? " [dry run]" : "");
      r.warn(
          "drydock: break-glass annotation "
              + config.breakGlassAnnotation()
              + " admitted "
              + what
              + " without image checks; this is logged");
      return r.allow("break-glass");
    }
    List<PodImages.ContainerImage> images = PodImages.of(kind, object);
    Set<String> unchanged = new HashSet<>();
    if (operation.equals("UPDATE")) {
      for (PodImages.ContainerImage c : PodImages.of(kind, request.path("oldObject"))) {
        unchanged.add(c.image());
      }
    }
    Map<String, CompletableFuture<ImageDecision>> decisions = new LinkedHashMap<>();
    List<PodImages.ContainerImage> decided = new ArrayList<>();
    for (PodImages.ContainerImage c : images) {
      if (unchanged.contains(c.image()) || exempt(c.image())) {
        continue;
      }
      decided.add(c);
      decisions.computeIfAbsent(c.image(), judge::judge);
    }
    Map<String, ImageDecision> results = await(decisions, started);
    boolean reCreated = reCreatedByController(object, user);
    List<String> denials = new ArrayList<>();
    boolean failed = false;
    for (Map.Entry<String, ImageDecision> e : results.entrySet()) {
      String image = e.getKey();
      ImageDecision d = e.getValue();
      String label = "image " + image + (d.digest() == null ? "" : " (" + d.digest() + ")");
      for (String w : d.warnings()) {
        r.warn(label + ": " + w);
      }
      if (d.failure() != null) {
        failed = true;
        if (config.failureMode() == FailureMode.CLOSED) {
          denials.add(d.failure() + " (failure mode closed)");
        } else {
          r.warn(d.failure() + "; admitted because the failure mode is open");
        }
      } else if (!d.denials().isEmpty()) {
        if (config.keepAdmitted() && reCreated && d.findingsOnly()) {
          r.warn(
              label
                  + " is re-created from an admitted template, so it still runs; new deployments"
                  + " are denied: "
                  + String.join("; ", d.denials()));
        } else {
          denials.add(label + " denied: " + String.join("; ", d.denials()));
        }
      }
    }
    if (!dryRun) {
      for (Map.Entry<String, ImageDecision> e : results.entrySet()) {
        ImageDecision d = e.getValue();
        if (d.failure() == null && d.digest() != null) {
          String verdict =
              !d.denials().isEmpty() ? "deny" : d.warnings().isEmpty() ? "allow" : "warn";
          sightings.seen(
              e.getKey(),
              d.digest(),
              namespace,
              verdict,
              d.denials().isEmpty() ? d.warnings() : d.denials());
        }
      }
    }
    String result;
    long micros = (System.nanoTime() - started) / 1000;
    if (denials.isEmpty()) {
      result = failed ? "failure-open" : "allowed";
      if (mutate) {
        r.patch(pins(decided, results, reCreated));
      }
      // Allowed requests are counted in /metrics; one log line each only at debug level (at
      // 1,000 requests/s the lines would cost more than the decisions).
      LOG.debug(
          "admission uid={} {} {} by {}: allowed{} ({} images, {} µs){}",
          uid,
          operation,
          what,
          user,
          failed ? " (failure mode open)" : "",
          results.size(),
          micros,
          dryRun ? " [dry run]" : "");
      return r.allow(result);
    }
    String message = "drydock: " + String.join("; ", denials);
    if (config.audit()) {
      LOG.warn(
          "AUDIT: admission uid={} {} {} by {} would be denied: {}{}",
          uid,
          operation,
          what,
          user,
          message,
          dryRun ? " [dry run]" : "");
      r.warn("audit mode, would deny: " + message);
      if (mutate) {
        r.patch(pins(decided, results, reCreated));
      }
      return r.allow("audit");
    }
    LOG.info(
        "admission uid={} {} {} by {}: DENIED: {} ({} µs){}",
        uid,
        operation,
        what,
        user,
        message,
        micros,
        dryRun ? " [dry run]" : "");
    return r.deny(message, failed ? "failure-closed" : "denied");
  }

  /** Waits for every decision until the deadline; late ones become failures. */
  private Map<String, ImageDecision> await(
      Map<String, CompletableFuture<ImageDecision>> decisions, long started) {
    Map<String, ImageDecision> out = new LinkedHashMap<>();
    long deadline = started + config.deadline().toNanos();
    for (Map.Entry<String, CompletableFuture<ImageDecision>> e : decisions.entrySet()) {
      ImageDecision d;
      try {
        long left = deadline - System.nanoTime();
        d = e.getValue().get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (TimeoutException x) {
        d =
            ImageDecision.failed(
                null,
                "no decision for "
                    + e.getKey()
                    + " within the deadline of "
                    + human(config.deadline()));
      } catch (InterruptedException x) {
        Thread.currentThread().interrupt();
        d = ImageDecision.failed(null, "interrupted while deciding " + e.getKey());
      } catch (ExecutionException x) {
        d = ImageDecision.failed(null, "could not check " + e.getKey() + ": " + x.getCause());
      }
      out.put(e.getKey(), d);
    }
    return out;
  }

  /** JSONPatch operations pinning every decided image that passed to its digest. */
  private List<Map<String, String>> pins(
      List<PodImages.ContainerImage> decided,
      Map<String, ImageDecision> results,
      boolean reCreated) {
    List<Map<String, String>> ops = new ArrayList<>();
    for (PodImages.ContainerImage c : decided) {
      ImageDecision d = results.get(c.image());
      boolean passed =
          d != null
              && d.failure() == null
              && d.digest() != null
              && (d.denials().isEmpty()
                  || (config.keepAdmitted() && reCreated && d.findingsOnly()));
      if (!passed || hasDigest(c.image())) {
        continue;
      }
      ops.add(Map.of("op", "replace", "path", c.pointer(), "value", c.image() + "@" + d.digest()));
    }
    return ops;
  }

  private static boolean hasDigest(String image) {
    try {
      return ImageRef.parse(image).digest() != null;
    } catch (IllegalArgumentException e) {
      return true; // never rewrite what does not parse
    }
  }

  private boolean exempt(String image) {
    if (config.exemptImages().isEmpty()) {
      return false;
    }
    PolicyInput.ImageFacts facts;
    try {
      facts = PolicyInput.ImageFacts.of(image, null);
    } catch (RuntimeException e) {
      return false;
    }
    for (ImageGlob g : config.exemptImages()) {
      if (g.matches(facts)) {
        return true;
      }
    }
    return false;
  }

  /** The break-glass annotation's value on the object or its pod template, or {@code null}. */
  private String breakGlass(String kind, JsonNode object) {
    for (String pointer : List.of("/metadata", PodImages.POD_METADATA.get(kind))) {
      JsonNode v = object.at(pointer).path("annotations").path(config.breakGlassAnnotation());
      if (v.isString() && !v.asString().isBlank()) {
        return v.asString();
      }
    }
    return null;
  }

  /**
   * Whether a Kubernetes controller re-creates this object from a template that was admitted when
   * its owner was created or updated: the object has a controller owner reference and the request
   * comes from the controller manager (its own user or a {@code kube-system} service account). User
   * requests never count, so new deployments follow the current policy.
   */
  static boolean reCreatedByController(JsonNode object, String user) {
    boolean controllerUser =
        user.equals("system:kube-controller-manager")
            || user.startsWith("system:serviceaccount:kube-system:");
    if (!controllerUser) {
      return false;
    }
    for (JsonNode o : object.path("metadata").path("ownerReferences")) {
      if (o.path("controller").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  private Outcome malformed(String uid, String why) {
    LOG.warn("admission: malformed request{}: {}", uid.isEmpty() ? "" : " uid=" + uid, why);
    Response r = new Response(uid);
    Outcome o = r.error(400, "drydock: malformed AdmissionReview: " + why);
    return new Outcome(400, o.body(), "malformed");
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  /** Builds the AdmissionReview response. */
  private static final class Response {
    private final ObjectNode review = Json.MAPPER.createObjectNode();
    private final ObjectNode response;
    private final List<String> warnings = new ArrayList<>();
    private List<Map<String, String>> patch = List.of();

    Response(String uid) {
      review.put("apiVersion", API_VERSION);
      review.put("kind", "AdmissionReview");
      response = review.putObject("response");
      response.put("uid", uid);
    }

    void warn(String w) {
      if (warnings.size() < MAX_WARNINGS) {
        warnings.add(truncate(w, MAX_WARNING_CHARS));
      }
    }

    void patch(List<Map<String, String>> ops) {
      this.patch = ops;
    }

    Outcome allow(String result) {
      response.put("allowed", true);
      if (!patch.isEmpty()) {
        response.put("patchType", "JSONPatch");
        response.put(
            "patch",
            Base64.getEncoder()
                .encodeToString(
                    Json.MAPPER.writeValueAsString(patch).getBytes(StandardCharsets.UTF_8)));
      }
      return finish(200, result);
    }

    Outcome deny(String message, String result) {
      response.put("allowed", false);
      ObjectNode status = response.putObject("status");
      status.put("code", 403);
      status.put("reason", "Forbidden");
      status.put("message", truncate(message, MAX_MESSAGE_CHARS));
      return finish(200, result);
    }

    Outcome error(int code, String message) {
      response.put("allowed", false);
      ObjectNode status = response.putObject("status");
      status.put("code", code);
      status.put("message", truncate(message, MAX_MESSAGE_CHARS));
      return finish(code, "malformed");
    }

    private Outcome finish(int httpStatus, String result) {
      if (!warnings.isEmpty()) {
        ArrayNode ws = response.putArray("warnings");
        warnings.forEach(ws::add);
      }
      return new Outcome(
          httpStatus,
          Json.MAPPER.writeValueAsString(review).getBytes(StandardCharsets.UTF_8),
          result);
    }

    private static String truncate(String s, int max) {
      return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
  }
}
