/**
 * Test support for every module: {@link io.drydock.testing.TestImages} builds small real images in
 * code (OCI layout, oci-archive, docker-archive, indexes), {@link
 * io.drydock.testing.HostileFixtures} builds the inputs parsers must refuse, {@link
 * io.drydock.testing.Testbed} reaches the real registries and Debian images of ../shared/testbed,
 * and {@code registry.InMemoryRegistry} is a distribution registry with fault injection.
 *
 * <p>Unlike DESIGN.md §1's table (which has it depend on oci and sbom), this module depends on no
 * Drydock module: drydock-oci's own tests use it, and Maven refuses the cycle a dependency on
 * drydock-oci would make. It writes the wire formats (tar, gzip, zstd, OCI JSON, HTTP) directly,
 * which also makes it an independent oracle for the code under test.
 */
package io.drydock.testing;
