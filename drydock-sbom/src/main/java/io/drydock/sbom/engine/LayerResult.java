package io.drydock.sbom.engine;

import io.drydock.sbom.Diagnostic;
import java.util.List;

/**
 * Everything one layer contributes, independent of the layers below it (so it can be cached by
 * diffID).
 *
 * @param diffId the layer's diffID ({@code sha256:…}); {@code null} for a root filesystem
 * @param files non-empty extractor results, in tar order
 * @param whiteouts paths the layer deletes from lower layers (files or whole directories)
 * @param opaqueDirs directories whose lower-layer content the layer hides
 * @param shadows paths an extractor would want that the layer replaces by something that is not a
 *     regular file (a symlink, a directory): lower results at exactly these paths are dropped
 * @param diagnostics tar-level and extractor problems (layer set to {@code diffId})
 */
public record LayerResult(
    String diffId,
    List<FileResult> files,
    List<String> whiteouts,
    List<String> opaqueDirs,
    List<String> shadows,
    List<Diagnostic> diagnostics) {
  public LayerResult {
    files = List.copyOf(files);
    whiteouts = List.copyOf(whiteouts);
    opaqueDirs = List.copyOf(opaqueDirs);
    shadows = List.copyOf(shadows);
    diagnostics = List.copyOf(diagnostics);
  }
}
