package io.drydock.sbom.engine;

import io.drydock.sbom.ExtractResult;

/** What one extractor found in one file of a layer ({@code path} is image-relative). */
public record FileResult(String path, String extractor, ExtractResult result) {}
