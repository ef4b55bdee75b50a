package io.drydock.oci.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credential resolution with temporary auth files and real credential-helper processes (shell
 * scripts in a temp dir, found through the injected PATH, not the JVM's).
 */
class CredentialResolverTest {
  @TempDir Path dir;
  private Path bin;
  private Path config;
  private Map<String, String> env;

  @BeforeEach
  void setUp() throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    config = dir.resolve("docker").resolve("config.json");
    Files.createDirectories(config.getParent());
    env = new HashMap<>();
    env.put("PATH", bin.toString());
    env.put("DOCKER_CONFIG", config.getParent().toString());
    env.put("HOME", dir.resolve("home").toString());
  }

  private Optional<Credentials> resolve(String registry) throws IOException {
    return new CredentialResolver(null, env, null).resolve(registry);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A helper that logs the server URL it got on stdin and answers {@code user}/{@code secret} for
   * {@code forUrl}, "credentials not found" (exit 1) for anything else.
   */
  private void helper(String name, String forUrl, String user, String secret) throws IOException {
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "[ \"$1\" = get ] || exit 3\n"
            + "read -r url\n"
            + "echo \"$url\" >> '"
            + dir.resolve(name + ".log")
            + "'\n"
            + "if [ \"$url\" = '"
            + forUrl
            + "' ]; then\n"
            + "  printf '{\"ServerURL\":\"%s\",\"Username\":\""
            + user
            + "\",\"Secret\":\""
            + secret
            + "\"}' \"$url\"\n"
            + "else\n"
            + "  echo 'credentials not found in native keychain'; exit 1\n"
            + "fi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void authsEntryWithBase64AuthMatchesBySchemeLessHost() throws IOException {
    Files.writeString(
        config,
        "{\"auths\":{\"https://registry.example.com/v1/\":{\"auth\":\""
            + b64("alice:pa:ss")
            + "\"},\"other.example\":{\"username\":\"bob\",\"password\":\"pw\"}}}");

    assertThat(resolve("registry.example.com")).contains(Credentials.basic("alice", "pa:ss"));
    assertThat(resolve("other.example")).contains(Credentials.basic("bob", "pw"));
    assertThat(resolve("unknown.example")).isEmpty();
  }

  @Test
  void dockerHubKeyMapsToDockerIo() throws IOException {
    Files.writeString(
        config,
        "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hub:secret") + "\"}}}");
    assertThat(resolve("docker.io")).contains(Credentials.basic("hub", "secret"));
    assertThat(CredentialResolver.normalize("registry-1.docker.io")).isEqualTo("docker.io");
    assertThat(CredentialResolver.normalize("HTTP://Host:5000/path")).isEqualTo("host:5000");
  }

  @Test
  void identityTokenIsKeptAsRefreshToken() throws IOException {
    Files.writeString(
        config,
        "{\"auths\":{\"acr.example\":{\"auth\":\""
            + b64("00000000-0000-0000-0000-000000000000:")
            + "\",\"identitytoken\":\"refresh-me\"}}}");
    Credentials c = resolve("acr.example").orElseThrow();
    assertThat(c.hasIdentityToken()).isTrue();
    assertThat(c.identityToken()).isEqualTo("refresh-me");
    assertThat(c.toString()).doesNotContain("refresh-me");
  }

  @Test
  void explicitBeatsEnvironmentBeatsConfig() throws IOException {
    Files.writeString(
        config, "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("fromconfig:x") + "\"}}}");
    assertThat(resolve("r.example")).contains(Credentials.basic("fromconfig", "x"));

    env.put("DRYDOCK_USERNAME", "fromenv");
    env.put("DRYDOCK_PASSWORD", "y");
    assertThat(resolve("r.example")).contains(Credentials.basic("fromenv", "y"));

    assertThat(
            new CredentialResolver(Credentials.basic("explicit", "z"), env, null)
                .resolve("r.example"))
        .contains(Credentials.basic("explicit", "z"));
  }

  @Test
  void credsStoreHelperGetsTheServerUrlOnStdin() throws IOException {
    helper("teststore", "https://index.docker.io/v1/", "hubuser", "hubsecret");
    Files.writeString(
        config,
        "{\"credsStore\":\"teststore\",\"auths\":{\"https://index.docker.io/v1/\":{},"
            + "\"fallback.example\":{\"auth\":\""
            + b64("inline:pw")
            + "\"}}}");

    assertThat(resolve("docker.io")).contains(Credentials.basic("hubuser", "hubsecret"));
    // the store does not know this one: the inline auths entry is used
    assertThat(resolve("fallback.example")).contains(Credentials.basic("inline", "pw"));
    assertThat(resolve("nothing.example")).isEmpty();
    assertThat(Files.readAllLines(dir.resolve("teststore.log")))
        .containsExactly("https://index.docker.io/v1/", "fallback.example", "nothing.example");
  }

  @Test
  void credHelpersWinOverCredsStoreAndAuths() throws IOException {
    helper("store", "gcr.example", "from-store", "s1");
    helper("gcr", "gcr.example", "from-credhelper", "s2");
    Files.writeString(
        config,
        "{\"credsStore\":\"store\",\"credHelpers\":{\"gcr.example\":\"gcr\"},"
            + "\"auths\":{\"gcr.example\":{\"auth\":\""
            + b64("from-auths:s3")
            + "\"}}}");

    assertThat(resolve("gcr.example")).contains(Credentials.basic("from-credhelper", "s2"));
    assertThat(dir.resolve("store.log")).doesNotExist();
  }

  @Test
  void helperAnsweringTokenUserGivesAnIdentityToken() throws IOException {
    helper("tok", "t.example", "<token>", "refresh");
    Files.writeString(config, "{\"credHelpers\":{\"t.example\":\"tok\"}}");
    Credentials c = resolve("t.example").orElseThrow();
    assertThat(c.identityToken()).isEqualTo("refresh");
  }

  @Test
  void missingHelperIsAOneLineErrorNamingIt() throws IOException {
    Files.writeString(config, "{\"credHelpers\":{\"ecr.example\":\"ecr-login\"}}");
    assertThatThrownBy(() -> resolve("ecr.example"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "credential helper docker-credential-ecr-login (from credHelpers in ")
        .hasMessageContaining("is not on the PATH")
        .hasMessageNotContaining("\n");
    // a registry the helper is not configured for does not run (or need) it
    assertThat(resolve("elsewhere.example")).isEmpty();
  }

  @Test
  void failingHelperIsNamedWithItsFirstOutputLine() throws IOException {
    Path script = bin.resolve("docker-credential-broken");
    Files.writeString(script, "#!/bin/sh\necho 'keychain locked'\necho second line\nexit 2\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(config, "{\"credsStore\":\"broken\"}");
    assertThatThrownBy(() -> resolve("r.example"))
        .hasMessage(
            "credential helper docker-credential-broken failed for r.example (exit 2): keychain"
                + " locked");
  }

  @Test
  void helperWithEndlessOutputIsCut() throws IOException {
    Path script = bin.resolve("docker-credential-chatty");
    Files.writeString(script, "#!/bin/sh\nexec /usr/bin/yes aaaaaaaa\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(config, "{\"credsStore\":\"chatty\"}");
    assertThatThrownBy(() -> resolve("r.example"))
        .hasMessageContaining("docker-credential-chatty wrote more than");
  }

  @Test
  void helperNameCannotEscapeThePath() throws IOException {
    Files.writeString(config, "{\"credsStore\":\"../../bin/sh\"}");
    assertThatThrownBy(() -> resolve("r.example"))
        .hasMessageContaining("invalid credential helper");
  }

  @Test
  void registryAuthFileWinsOverDockerConfigAndBrokenJsonIsNamed() throws IOException {
    Files.writeString(config, "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("docker:1") + "\"}}}");
    Path podman = dir.resolve("auth.json");
    Files.writeString(podman, "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("podman:2") + "\"}}}");
    env.put("REGISTRY_AUTH_FILE", podman.toString());
    assertThat(resolve("r.example")).contains(Credentials.basic("podman", "2"));

    Files.writeString(podman, "{\"auths\": {");
    assertThatThrownBy(() -> resolve("r.example"))
        .hasMessageStartingWith("auth file " + podman + " is not valid JSON");
  }

  @Test
  void defaultLocationIsHomeDockerConfig() throws IOException {
    env.remove("DOCKER_CONFIG");
    Path home = Files.createDirectories(dir.resolve("home").resolve(".docker"));
    Files.writeString(
        home.resolve("config.json"),
        "{\"auths\":{\"r.example\":{\"auth\":\"" + b64("homeuser:3") + "\"}}}");
    assertThat(resolve("r.example")).contains(Credentials.basic("homeuser", "3"));
  }
}
