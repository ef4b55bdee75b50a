/**
 * The SBOM engine: one streaming pass per layer serving every extractor ({@link
 * io.drydock.sbom.engine.LayerAnalyzer}), a per-layer result cache safe for concurrent processes
 * ({@link io.drydock.sbom.engine.LayerCache}), the applier that merges layers in order with
 * whiteouts and opaque directories and attributes each package to the layer that introduced it
 * ({@link io.drydock.sbom.engine.LayerMerger}), base-image attribution ({@link
 * io.drydock.sbom.engine.BaseAttribution}), and the entry point {@link
 * io.drydock.sbom.engine.SbomEngine}.
 */
package io.drydock.sbom.engine;
