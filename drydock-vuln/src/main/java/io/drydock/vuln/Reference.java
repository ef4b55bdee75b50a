package io.drydock.vuln;

import java.util.Objects;

/** {@code references[]}: a type ({@code ADVISORY}, {@code FIX}, {@code WEB}, …) and a URL. */
public record Reference(String type, String url) {
  public Reference {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
  }
}
