/**
 * Policies over scan results and image facts: a YAML policy file ({@code apiVersion:
 * drydock.io/v1}, {@code kind: Policy}) of CEL rules and switched-on {@link
 * io.drydock.policy.BuiltinRules built-ins}, compiled once by {@link
 * io.drydock.policy.PolicyEngine#load}, evaluated against a {@link io.drydock.policy.PolicyInput}
 * into a {@link io.drydock.policy.Decision} (verdict, violations with the findings behind them,
 * suppressions with reasons).
 *
 * <p><b>Convention.</b> As in Kubernetes ValidatingAdmissionPolicy, a rule's {@code expression}
 * states what must hold: {@code true} passes, {@code false} is a violation. Messages are either a
 * static {@code message} or a CEL {@code messageExpression} (also as in ValidatingAdmissionPolicy),
 * not templates. A rule that fails to evaluate is violated (fail closed).
 *
 * <p><b>Input document</b> (CEL variables; whole numbers are CEL {@code int}, fed as {@code Long};
 * keys marked "absent when unknown" are left out of the map — test them with {@code has()}):
 *
 * <pre>
 * image        {reference, digest, registry, repository, tag}      registry/repository/tag "" for local targets
 * config       {user, entrypoint, labels, created?}                user "" when unset; created RFC 3339
 * base         {name, digest, ageDays?, rule}                      rule ANNOTATION|FLAG|LAYER_PREFIX|NONE
 * sbom         {components (int), partial (bool)}
 * findings     [{id, aliases, severity, score?, fixAvailable, epss?, kev, origin, package, version,
 *                firstSeenDays?}]                                  severity CRITICAL|HIGH|MEDIUM|LOW|NONE|UNKNOWN;
 *                                                                  origin base|app
 * signatures   [{keyId, verified}]                                 from drydock verify
 * attestations [{type, ageHours, verified}]                        from drydock verify
 * now          RFC 3339 string of the evaluation instant
 * </pre>
 *
 * <p>{@code firstSeenDays} comes from a {@link io.drydock.policy.FirstSeen} function, by default
 * the earliest {@code published} date of the finding's advisories in the advisory store; unknown
 * counts as old, so no grace period applies to it.
 *
 * <p>Depends on drydock-vuln (findings), drydock-sbom (layers, base) and drydock-oci (image
 * references and configs); nothing here does I/O except reading the policy file.
 */
package io.drydock.policy;
