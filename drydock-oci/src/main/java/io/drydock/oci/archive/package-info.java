/**
 * {@code docker save} / skopeo docker-archive tars ({@code docker-archive:FILE[:repo:tag|:@N]}),
 * legacy and Docker 25+ layouts, read in place through {@link io.drydock.oci.tar.TarIndex}.
 */
package io.drydock.oci.archive;
