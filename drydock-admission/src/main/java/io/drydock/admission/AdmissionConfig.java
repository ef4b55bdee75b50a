package io.drydock.admission;

import io.drydock.policy.ImageGlob;
import io.drydock.policy.PolicyEngine;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the webhook decides with. Immutable.
 *
 * @param policy the compiled policy
 * @param policyHash identifies the policy and the keys (e.g. a SHA-256 over the policy file and the
 *     key files); part of every cache key
 * @param keys trusted public keys by name (the name is the {@code keyId} the policy sees)
 * @param failureMode what to answer when an image cannot be decided within {@code deadline}
 * @param deadline the longest time one request waits for its decisions; keep it below the webhook's
 *     {@code timeoutSeconds}
 * @param cacheTtl how long an allow (or warn) decision is reused for the same digest
 * @param negativeCacheTtl how long a deny decision is reused
 * @param tagCacheTtl how long a tag's resolved digest is reused
 * @param exemptNamespaces namespaces whose requests are allowed without checks
 * @param exemptImages images allowed without checks
 * @param audit log and warn what would be denied, deny nothing
 * @param keepAdmitted pods re-created by a controller from an already admitted template are
 *     admitted even when a new finding would deny them now (the deny turns into a warning);
 *     signature and attestation failures still deny
 * @param breakGlassAnnotation the annotation whose non-empty value admits an object without checks
 *     (logged loudly)
 * @param maxBodyBytes the largest request body read
 */
public record AdmissionConfig(
    PolicyEngine policy,
    String policyHash,
    Map<String, PublicKey> keys,
    FailureMode failureMode,
    Duration deadline,
    Duration cacheTtl,
    Duration negativeCacheTtl,
    Duration tagCacheTtl,
    Set<String> exemptNamespaces,
    List<ImageGlob> exemptImages,
    boolean audit,
    boolean keepAdmitted,
    String breakGlassAnnotation,
    long maxBodyBytes) {
  /** The default request body limit: 3 MiB, the API server's own limit for an object. */
  public static final long DEFAULT_MAX_BODY = 3L * 1024 * 1024;

  public AdmissionConfig {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(policyHash, "policyHash");
    keys = Map.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one trusted key is needed");
    }
    Objects.requireNonNull(failureMode, "failureMode");
    requirePositive(deadline, "deadline");
    requireNonNegative(cacheTtl, "cacheTtl");
    requireNonNegative(negativeCacheTtl, "negativeCacheTtl");
    requireNonNegative(tagCacheTtl, "tagCacheTtl");
    exemptNamespaces = Set.copyOf(exemptNamespaces);
    exemptImages = List.copyOf(exemptImages);
    Objects.requireNonNull(breakGlassAnnotation, "breakGlassAnnotation");
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, not " + maxBodyBytes);
    }
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, not " + d);
    }
  }

  private static void requireNonNegative(Duration d, String what) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, not " + d);
    }
  }
}
