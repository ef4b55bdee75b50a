package io.drydock.sign;

import io.drydock.oci.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dead Simple Signing Envelopes (DSSE v1): the signature covers {@code PAE("DSSEv1", payloadType,
 * payload)}, never the JSON around it.
 */
public final class Dsse {
  /** Layer media type cosign gives attestations in a {@code .att} manifest. */
  public static final String MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";

  /** The payload type of in-toto statements. */
  public static final String IN_TOTO = "application/vnd.in-toto+json";

  private Dsse() {}

  /**
   * The pre-authentication encoding: {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}.
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ")
            .getBytes(StandardCharsets.UTF_8));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** An envelope with one signature (empty {@code keyid}, as cosign writes for key files). */
  public static byte[] envelope(String payloadType, byte[] payload, PrivateKey key) {
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("payloadType", payloadType);
    root.put("payload", b64.encodeToString(payload));
    ObjectNode sig = root.putArray("signatures").addObject();
    sig.put("keyid", "");
    sig.put("sig", b64.encodeToString(Ecdsa.sign(key, pae(payloadType, payload))));
    return Json.MAPPER.writeValueAsBytes(root);
  }

  /** A parsed envelope; {@code payload} is decoded. */
  record Envelope(String payloadType, byte[] payload, java.util.List<byte[]> signatures) {
    /** Whether any signature is valid for {@code key}. */
    boolean signedBy(PublicKey key) {
      byte[] pae = pae(payloadType, payload);
      return signatures.stream().anyMatch(s -> Ecdsa.verify(key, pae, s));
    }
  }

  /** Parses an envelope; throws {@link IllegalArgumentException} with a one-line reason. */
  static Envelope parse(byte[] json) {
    JsonNode root;
    try {
      root = Json.readObject(json, "DSSE envelope");
    } catch (io.drydock.oci.OciFormatException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return parse(root);
  }

  /** As {@link #parse(byte[])}, for an envelope already read (a Sigstore bundle's). */
  static Envelope parse(JsonNode root) {
    String type = root.path("payloadType").asString("");
    java.util.List<byte[]> sigs = new java.util.ArrayList<>();
    try {
      byte[] payload = Base64.getDecoder().decode(root.path("payload").asString(""));
      for (JsonNode s : root.path("signatures")) {
        sigs.add(Base64.getDecoder().decode(s.path("sig").asString("")));
      }
      return new Envelope(type, payload, java.util.List.copyOf(sigs));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("DSSE envelope has bad base64 in payload or signature");
    }
  }
}
