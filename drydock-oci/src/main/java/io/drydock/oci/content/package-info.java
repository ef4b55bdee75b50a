/**
 * What every stored source shares: {@link io.drydock.oci.content.BlobStore} (where blobs live),
 * {@link io.drydock.oci.content.StoredImage} (manifest and config verified and parsed once, layers
 * streamed), {@link io.drydock.oci.content.BlobLayer} (the one {@link io.drydock.oci.Layer}
 * implementation), and the streams that make content safe to read: {@link
 * io.drydock.oci.content.VerifyingInputStream} (digest and size at EOF, never more bytes than
 * promised), {@link io.drydock.oci.content.Decompression} (fixed buffers, capped output) and their
 * base {@link io.drydock.oci.content.ChunkInputStream}. An ArchUnit rule keeps every decompressor
 * behind {@code Decompression}.
 */
package io.drydock.oci.content;
