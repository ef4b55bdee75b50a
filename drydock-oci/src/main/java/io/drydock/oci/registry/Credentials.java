package io.drydock.oci.registry;

import java.util.Objects;

/**
 * Credentials for one registry: a user name and password, or (Docker's {@code identitytoken}) an
 * OAuth2 refresh token, which is sent to the token realm with {@code grant_type=refresh_token}.
 * {@link #toString()} never shows secrets.
 *
 * @param username never {@code null}; {@code "<token>"} for identity tokens, as Docker writes it
 * @param password {@code null} for identity tokens
 * @param identityToken {@code null} unless this is an identity token
 */
public record Credentials(String username, String password, String identityToken) {

  public Credentials {
    Objects.requireNonNull(username, "username");
    if (password == null && identityToken == null) {
      throw new IllegalArgumentException("credentials for " + username + " have no secret");
    }
  }

  public static Credentials basic(String username, String password) {
    return new Credentials(username, Objects.requireNonNull(password, "password"), null);
  }

  public static Credentials identityToken(String username, String token) {
    return new Credentials(
        username == null || username.isEmpty() ? "<token>" : username,
        null,
        Objects.requireNonNull(token, "token"));
  }

  public boolean hasIdentityToken() {
    return identityToken != null;
  }

  @Override
  public String toString() {
    return "Credentials[username=" + username + ", secret=***]";
  }
}
