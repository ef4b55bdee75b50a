/**
 * The rpm database extractor ({@code os/rpm}) and hand-written readers for its three on-disk
 * formats (SQLite through sqlite-jdbc; Berkeley DB hash and NDB page by page) and for the rpm
 * header blobs they all store. No Java library reads these formats; each reader states the layout
 * it follows and bounds every count and offset it takes from the file.
 */
package io.drydock.sbom.rpm;
