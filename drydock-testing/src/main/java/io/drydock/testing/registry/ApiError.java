package io.drydock.testing.registry;

import java.util.Map;

/**
 * A distribution-API error answer ({@code {"errors":[{"code":..,"message":..}]}}), thrown inside
 * the registry and turned into a response by {@link DistributionHandler}.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final Map<String, String> headers;

  ApiError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  ApiError(int status, String code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  static ApiError blobUnknown(String digest) {
    return new ApiError(404, "BLOB_UNKNOWN", "blob unknown to registry: " + digest);
  }

  static ApiError manifestUnknown(String repo, String ref) {
    return new ApiError(404, "MANIFEST_UNKNOWN", "manifest unknown: " + repo + " " + ref);
  }

  static ApiError nameUnknown(String repo) {
    return new ApiError(404, "NAME_UNKNOWN", "repository name not known to registry: " + repo);
  }

  static ApiError digestInvalid(String message) {
    return new ApiError(400, "DIGEST_INVALID", message);
  }

  Response toResponse() {
    Response r = Response.error(status, code, getMessage());
    headers.forEach(r::header);
    return r;
  }
}
