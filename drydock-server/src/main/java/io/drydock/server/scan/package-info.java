/**
 * Scanning and re-evaluation in the server: an image becomes a stored SBOM (once per digest, gzip
 * of Drydock's JSON in {@code sboms}) and findings ({@code findings}, written as a diff with {@code
 * events}); when the advisories change, every stored SBOM is matched again without touching a
 * registry ({@link io.drydock.server.scan.Reevaluator}) and new findings on running images are sent
 * to the webhook ({@link io.drydock.server.scan.FindingNotice}).
 *
 * <p>{@link io.drydock.server.scan.ScanPart} is the {@link io.drydock.server.ServerPart}: job kinds
 * {@code scan}, {@code reevaluate}, {@code advisory-update}; {@link
 * io.drydock.server.scan.ScanPart#factory} gives it to {@code DrydockServer.start}. {@link
 * io.drydock.server.scan.ImageStore} is the table access other parts may share (API, inventory).
 */
package io.drydock.server.scan;
