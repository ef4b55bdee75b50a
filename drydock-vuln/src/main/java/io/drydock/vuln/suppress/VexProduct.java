package io.drydock.vuln.suppress;

import com.github.packageurl.PackageURL;
import java.util.List;
import java.util.Objects;

/**
 * What a VEX statement is about: a product and, optionally, the subcomponents of it where the
 * vulnerability lies.
 *
 * <p>Without subcomponents the statement covers a finding when {@code product} covers the finding's
 * package purl, or covers the scanned image's {@code pkg:oci} purl (then every instance of the
 * vulnerability in that image). With subcomponents, {@code product} must cover the image (or the
 * package itself) and one subcomponent must cover the package. Coverage is {@link
 * PurlPatterns#matches}: a purl without version or qualifiers covers all of them.
 *
 * @param product the product's purl
 * @param subcomponents purls of the product's parts the statement is limited to; empty for the
 *     whole product
 */
public record VexProduct(PackageURL product, List<PackageURL> subcomponents) {
  public VexProduct {
    Objects.requireNonNull(product, "product");
    subcomponents = List.copyOf(subcomponents);
  }

  /** Whether this product (and subcomponent) covers {@code c}'s package. */
  public boolean covers(Candidate c) {
    if (subcomponents.isEmpty()) {
      return PurlPatterns.matches(product, c.purl()) || PurlPatterns.matches(product, c.image());
    }
    boolean inProduct =
        PurlPatterns.matches(product, c.image()) || PurlPatterns.matches(product, c.purl());
    return inProduct && subcomponents.stream().anyMatch(s -> PurlPatterns.matches(s, c.purl()));
  }
}
