package io.drydock.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.server.db.Database;
import io.drydock.server.db.TestDatabases;
import io.drydock.server.db.Vendor;
import io.drydock.testing.MutableClock;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TokensTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void onlyTheHashIsStoredAndTheSecretAuthenticatesUntilRevoked(Vendor vendor) throws Exception {
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 2)) {
      MutableClock clock = new MutableClock();
      Tokens tokens = new Tokens(db, clock);
      String secret = tokens.create("ci");
      assertThat(secret).matches("ddk_[A-Za-z0-9_-]{43}");
      assertThat(tokens.create("admission")).isNotEqualTo(secret);
      List<String> stored =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT name || '|' || hash FROM tokens ORDER BY name")
                          .mapTo(String.class)
                          .list());
      assertThat(stored).noneMatch(s -> s.contains(secret) || s.contains(secret.substring(4)));
      assertThat(stored).contains("ci|" + Tokens.hash(secret));
      assertThat(Tokens.hash(secret)).matches("[0-9a-f]{64}");

      assertThat(tokens.authenticate(secret)).hasValue("ci");
      assertThat(tokens.authenticate(secret + "x")).isEmpty();
      assertThat(tokens.authenticate("")).isEmpty();
      assertThat(tokens.authenticate(Tokens.hash(secret))).isEmpty(); // the hash is no secret

      assertThatThrownBy(() -> tokens.create("ci"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("token ci: already exists (revoke it first)");
      assertThatThrownBy(() -> tokens.create("bad name"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("token name \"bad name\"");

      assertThat(tokens.list())
          .extracting(Tokens.TokenInfo::name)
          .containsExactly("admission", "ci");
      assertThat(tokens.revoke("ci")).isTrue();
      assertThat(tokens.revoke("ci")).isFalse();
      assertThat(tokens.authenticate(secret)).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void lastUsedIsWrittenAtMostOnceAMinute(Vendor vendor) throws Exception {
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 2)) {
      MutableClock clock = new MutableClock();
      long t0 = clock.millis();
      Tokens tokens = new Tokens(db, clock);
      String secret = tokens.create("dash");
      assertThat(tokens.list().get(0).lastUsed()).isNull();
      tokens.authenticate(secret);
      assertThat(tokens.list().get(0).lastUsed()).isEqualTo(t0);
      clock.advance(java.time.Duration.ofSeconds(59));
      tokens.authenticate(secret);
      assertThat(tokens.list().get(0).lastUsed()).isEqualTo(t0);
      clock.advance(java.time.Duration.ofSeconds(1));
      tokens.authenticate(secret);
      assertThat(tokens.list().get(0).lastUsed()).isEqualTo(t0 + 60_000);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void aSecretFromAFileReplacesThatNamesSecret(Vendor vendor) throws Exception {
    try (Database db = Database.open(TestDatabases.url(vendor, dir), null, null, 2)) {
      Tokens tokens = new Tokens(db, new MutableClock());
      tokens.store("k8s", "first-secret-from-a-kubernetes-secret");
      tokens.store("k8s", "second-secret-from-a-kubernetes-secret");
      assertThat(tokens.authenticate("first-secret-from-a-kubernetes-secret")).isEmpty();
      assertThat(tokens.authenticate("second-secret-from-a-kubernetes-secret")).hasValue("k8s");
      assertThat(tokens.list()).hasSize(1);
      assertThatThrownBy(() -> tokens.store("k8s", "short"))
          .hasMessageContaining("at least 20 characters");
      assertThatThrownBy(() -> tokens.store("k8s", "has a space in the middle of it"))
          .hasMessageContaining("without whitespace");
    }
  }
}
