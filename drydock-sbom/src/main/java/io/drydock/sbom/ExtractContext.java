package io.drydock.sbom;

import java.nio.file.Path;

/**
 * What an extractor may use besides the file: the limits, and a private temp dir (inside Drydock's
 * own temp dir, deleted by the engine after the layer) for files it unpacks itself, such as jars
 * nested in jars.
 *
 * @param where names the layer or root filesystem in messages ("layer 2 (sha256:ab12…)")
 */
public record ExtractContext(Limits limits, Path tempDir, String where) {}
