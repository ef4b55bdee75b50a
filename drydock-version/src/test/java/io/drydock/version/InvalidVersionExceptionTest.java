package io.drydock.version;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InvalidVersionExceptionTest {
  @Test
  void messagesStayOnOneLineAndShort() {
    for (VersionScheme s : VersionSchemes.all()) {
      assertThatThrownBy(() -> s.parse("1.0\nEVIL: injected"))
          .as(s.name())
          .isInstanceOf(InvalidVersionException.class)
          .hasMessageStartingWith("invalid " + s.name() + " version \"")
          .hasMessageNotContaining("\n");
      String huge = "1." + "9".repeat(100_000);
      assertThatThrownBy(() -> s.parse(huge))
          .as(s.name())
          .isInstanceOf(InvalidVersionException.class)
          .matches(e -> e.getMessage().length() < 300, "message shorter than 300 chars");
    }
  }
}
