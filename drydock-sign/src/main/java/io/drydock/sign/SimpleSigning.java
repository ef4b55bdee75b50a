package io.drydock.sign;

import io.drydock.oci.Digest;
import io.drydock.oci.ImageRef;
import io.drydock.oci.Json;
import java.nio.charset.StandardCharsets;

/**
 * cosign's "simple signing" payload, byte for byte as cosign writes it: {@code
 * {"critical":{"identity":{"docker-reference":R},"image":{"docker-manifest-digest":D},
 * "type":"cosign container image signature"},"optional":null}}.
 */
public final class SimpleSigning {
  /** The {@code critical.type} every cosign image signature carries. */
  public static final String TYPE = "cosign container image signature";

  /** Layer media type of a simple-signing payload in a {@code .sig} manifest. */
  public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** Layer annotation holding the base64 DER signature. */
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

  private SimpleSigning() {}

  /** The payload for {@code digest} of the repository {@code image} names. */
  public static byte[] payload(ImageRef image, Digest digest) {
    return payload(dockerReference(image), digest);
  }

  /** The payload for {@code digest} with {@code dockerReference} as the identity. */
  public static byte[] payload(String dockerReference, Digest digest) {
    String json =
        "{\"critical\":{\"identity\":{\"docker-reference\":"
            + Json.MAPPER.writeValueAsString(dockerReference)
            + "},\"image\":{\"docker-manifest-digest\":\""
            + digest
            + "\"},\"type\":\""
            + TYPE
            + "\"},\"optional\":null}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The repository name cosign puts in {@code docker-reference} (go-containerregistry's {@code
   * Context().Name()}): {@code registry/repository}, with Docker Hub as {@code index.docker.io}.
   */
  public static String dockerReference(ImageRef image) {
    String registry =
        image.registry().equals(ImageRef.DOCKER_HUB) ? "index.docker.io" : image.registry();
    return registry + "/" + image.repository();
  }

  /** The tag cosign stores {@code digest}'s signatures (or other artifacts) under. */
  public static String tag(Digest digest, String suffix) {
    return digest.algorithm() + "-" + digest.hex() + "." + suffix;
  }
}
