package io.drydock.sbom.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefetchInputStreamTest {
  @Test
  void deliversTheSameBytesAcrossChunkBoundaries() throws IOException {
    byte[] data = new byte[1_000_003];
    new Random(7).nextBytes(data);
    try (InputStream in = new PrefetchInputStream(new ByteArrayInputStream(data), 4096, 3, "t")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void sourceFailureArrivesAfterTheBytesBeforeIt() throws IOException {
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(new byte[] {1, 2, 3}),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("layer 1 digest mismatch");
              }
            });
    try (InputStream in = new PrefetchInputStream(failing, 2, 2, "t")) {
      assertThat(in.read()).isEqualTo(1);
      assertThat(in.read()).isEqualTo(2);
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessage("layer 1 digest mismatch");
    }
  }

  @Test
  void closeStopsTheReaderAndClosesTheSource() throws Exception {
    boolean[] closed = new boolean[1];
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public void close() {
            closed[0] = true;
          }
        };
    PrefetchInputStream in = new PrefetchInputStream(endless, 1024, 2, "t");
    assertThat(in.read()).isZero();
    in.close();
    assertThat(closed[0]).isTrue();
  }
}
