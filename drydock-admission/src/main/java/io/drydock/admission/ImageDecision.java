package io.drydock.admission;

import java.util.List;

/**
 * The webhook's judgement of one image. Immutable.
 *
 * @param digest the manifest digest the image resolved to, {@code null} when it was not resolved
 * @param denials why the image is denied, one line each (rule, message, findings); empty when
 *     allowed
 * @param warnings warn rules that did not hold, one line each
 * @param findingsOnly every denial rests on findings (not on signatures, attestations or image
 *     facts), so a re-created pod of an admitted template may still run ({@link
 *     AdmissionConfig#keepAdmitted()})
 * @param failure why no decision could be made (registry unreachable, timeout), {@code null} when
 *     one was; the failure mode then decides
 */
record ImageDecision(
    String digest,
    List<String> denials,
    List<String> warnings,
    boolean findingsOnly,
    String failure) {
  ImageDecision {
    denials = List.copyOf(denials);
    warnings = List.copyOf(warnings);
  }

  static ImageDecision denied(String digest, String why) {
    return new ImageDecision(digest, List.of(why), List.of(), false, null);
  }

  static ImageDecision failed(String digest, String why) {
    return new ImageDecision(digest, List.of(), List.of(), false, why);
  }

  boolean allowed() {
    return failure == null && denials.isEmpty();
  }
}
