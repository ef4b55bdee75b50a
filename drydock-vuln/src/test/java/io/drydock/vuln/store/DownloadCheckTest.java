package io.drydock.vuln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DownloadCheckTest {
  static final String URL = "https://example.test/PyPI/all.zip";
  static final byte[] DIGITS = "123456789".getBytes(StandardCharsets.US_ASCII);

  static HttpHeaders headers(Map<String, List<String>> map) {
    return HttpHeaders.of(map, (k, v) -> true);
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      byte[] b = in.readAllBytes();
      ((DownloadCheck) in).finish();
      return b;
    }
  }

  @Test
  void knownHashesInGcsFormatPass() throws IOException {
    // CRC32C("123456789") = 0xE3069283; MD5("123456789") = 25f9e794323b453885f5181f1b624d0b.
    HttpHeaders h =
        headers(
            Map.of(
                "x-goog-hash",
                List.of("crc32c=4waSgw==, md5=JfnnlDI7RTiF9RgfG2JNCw=="),
                "content-length",
                List.of("9")));
    assertThat(readAll(DownloadCheck.of(new ByteArrayInputStream(DIGITS), URL, h)))
        .isEqualTo(DIGITS);
    // Empty object, the values GCS documents.
    HttpHeaders empty =
        headers(Map.of("x-goog-hash", List.of("crc32c=AAAAAA==", "md5=1B2M2Y8AsgTpgAmY7PhCfg==")));
    assertThat(readAll(DownloadCheck.of(new ByteArrayInputStream(new byte[0]), URL, empty)))
        .isEmpty();
  }

  @Test
  void aWrongCrc32cFails() {
    HttpHeaders h = headers(Map.of("x-goog-hash", List.of("crc32c=AAAAAA==")));
    assertThatThrownBy(() -> readAll(DownloadCheck.of(new ByteArrayInputStream(DIGITS), URL, h)))
        .isInstanceOf(IOException.class)
        .hasMessage(URL + ": crc32c mismatch: x-goog-hash says AAAAAA==, received 4waSgw==");
  }

  @Test
  void fewerOrMoreBytesThanContentLengthFail() {
    HttpHeaders longer = headers(Map.of("content-length", List.of("10")));
    assertThatThrownBy(
            () -> readAll(DownloadCheck.of(new ByteArrayInputStream(DIGITS), URL, longer)))
        .isInstanceOf(IOException.class)
        .hasMessage(URL + ": truncated download: Content-Length 10 bytes, received 9");
    HttpHeaders shorter = headers(Map.of("content-length", List.of("8")));
    assertThatThrownBy(
            () -> readAll(DownloadCheck.of(new ByteArrayInputStream(DIGITS), URL, shorter)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("more than the 8 bytes of its Content-Length");
  }

  @Test
  void hashesOfAStoredGzipAreNotCheckedAgainstTheDecompressedBody() throws IOException {
    HttpHeaders h =
        headers(
            Map.of(
                "x-goog-hash", List.of("crc32c=AAAAAA==,md5=1B2M2Y8AsgTpgAmY7PhCfg=="),
                "x-goog-stored-content-encoding", List.of("gzip")));
    assertThat(readAll(DownloadCheck.of(new ByteArrayInputStream(DIGITS), URL, h)))
        .isEqualTo(DIGITS);
  }

  @Test
  void anUnreadableHashIsAnError() {
    HttpHeaders h = headers(Map.of("x-goog-hash", List.of("md5=not*base64")));
    assertThatThrownBy(() -> DownloadCheck.of(new ByteArrayInputStream(DIGITS), URL, h))
        .isInstanceOf(IOException.class)
        .hasMessage(URL + ": unreadable x-goog-hash value not*base64");
  }

  @Test
  void readErrorsNameTheUrl() {
    InputStream failing =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ < 3) {
              return 'x';
            }
            throw new IOException("connection reset");
          }
        };
    assertThatThrownBy(() -> readAll(DownloadCheck.of(failing, URL, headers(Map.of()))))
        .isInstanceOf(IOException.class)
        .hasMessage(URL + ": download failed after 3 bytes (connection reset)");
  }
}
