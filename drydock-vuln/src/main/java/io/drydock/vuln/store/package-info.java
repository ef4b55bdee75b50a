/**
 * The local advisory store: OSV records in one SQLite file ({@code <data dir>/db/advisories.db}),
 * indexed by (ecosystem name without release, normalised package name). {@link
 * io.drydock.vuln.store.AdvisoryImporter} builds a new file beside the old one and moves it into
 * place atomically; {@link io.drydock.vuln.store.AdvisoryStore} opens it read-only.
 */
package io.drydock.vuln.store;
