/**
 * OCI image layouts: reading a layout directory ({@code oci:DIR[:ref]}) or a tar of one ({@code
 * oci-archive:FILE[:ref]}), and writing images into a layout byte for byte ({@link
 * io.drydock.oci.layout.OciLayoutWriter}).
 */
package io.drydock.oci.layout;
