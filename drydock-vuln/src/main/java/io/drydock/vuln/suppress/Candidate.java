package io.drydock.vuln.suppress;

import com.github.packageurl.PackageURL;
import io.drydock.vuln.match.Finding;
import java.util.Objects;

/**
 * A finding as a suppression source sees it.
 *
 * @param finding the finding
 * @param purl the purl of the finding's package (as {@link io.drydock.sbom.format.Purls} writes it,
 *     with the image's OS), or {@code null} when it has none — then no purl-scoped rule applies
 * @param image the scanned image's {@code pkg:oci} purl, or {@code null} when unknown (an SBOM or
 *     rootfs without digest) — then no statement about the image applies
 */
public record Candidate(Finding finding, PackageURL purl, PackageURL image) {
  public Candidate {
    Objects.requireNonNull(finding, "finding");
  }
}
