package io.drydock.policy;

import java.util.Objects;

/**
 * Something the policy did not hold against the image, and why.
 *
 * @param what the image ({@code "image registry.example.com/app:1"}) or the finding ({@code
 *     "finding CVE-2021-44228 in log4j-core 2.14.1"})
 * @param why the exemption that applied, with its reason and expiry
 */
public record Suppression(String what, String why) {
  public Suppression {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(why, "why");
  }
}
