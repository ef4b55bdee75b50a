/**
 * An in-memory OCI distribution registry with fault injection and request recording, for tests of
 * registry clients: {@link io.drydock.testing.registry.InMemoryRegistry}, {@link
 * io.drydock.testing.registry.Fault}, {@link io.drydock.testing.registry.RecordedRequest}.
 */
package io.drydock.testing.registry;
