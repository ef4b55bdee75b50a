package io.drydock.sbom.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The header blob parser on real blobs (from the sqlite fixture) and on damaged ones. */
class RpmHeaderTest {

  @Test
  void valid_blob_from_rpm_reads_its_tags() throws Exception {
    RpmHeader h = header("hello-tools");

    assertThat(h.string(RpmHeader.TAG_VERSION)).isEqualTo("1.4");
    assertThat(h.string(RpmHeader.TAG_RELEASE)).isEqualTo("3.el9");
    assertThat(h.int32(RpmHeader.TAG_EPOCH)).isEqualTo(2);
    assertThat(h.string(RpmHeader.TAG_SOURCERPM)).isEqualTo("hello-tools-1.4-3.el9.src.rpm");
    assertThat(h.stringArray(RpmHeader.TAG_BASENAMES))
        .containsExactlyInAnyOrder("hello-tools.conf", "hello-tool");
    assertThat(h.int32Array(RpmHeader.TAG_DIRINDEXES)).hasSize(2);
    assertThat(h.string(RpmHeader.TAG_MODULARITYLABEL)).isNull();
  }

  @Test
  void index_count_of_2_pow_31_is_refused() {
    byte[] blob = ByteBuffer.allocate(64).putInt(0x80000000).putInt(16).array();

    assertThatThrownBy(() -> RpmHeader.parse(blob))
        .isInstanceOf(RpmHeaderException.class)
        .hasMessageContaining("index count 2147483648");
  }

  @Test
  void data_length_past_rpm_limit_is_refused() {
    byte[] blob = ByteBuffer.allocate(64).putInt(1).putInt(0x7fffffff).array();

    assertThatThrownBy(() -> RpmHeader.parse(blob)).hasMessageContaining("data length 2147483647");
  }

  @Test
  void truncated_blob_is_refused() throws Exception {
    byte[] real = blob("drydock-data");
    byte[] cut = java.util.Arrays.copyOf(real, real.length / 2);

    assertThatThrownBy(() -> RpmHeader.parse(cut)).hasMessageContaining("but has only");
    assertThatThrownBy(() -> RpmHeader.parse(new byte[5])).hasMessageContaining("shorter than 8");
  }

  @Test
  void tag_offset_past_the_data_fails_only_that_tag() throws Exception {
    byte[] b = blob("hello-tools");
    int at = RpmFixtures.entryOffset(b, RpmHeader.TAG_NAME);
    ByteBuffer.wrap(b).putInt(at + 8, 0x7ffffff0);

    RpmHeader h = RpmHeader.parse(b);

    assertThat(h.string(RpmHeader.TAG_VERSION)).isEqualTo("1.4");
    assertThatThrownBy(() -> h.string(RpmHeader.TAG_NAME))
        .isInstanceOf(RpmHeaderException.class)
        .hasMessageContaining("tag 1000 points outside");
  }

  @Test
  void huge_string_array_count_is_refused_before_allocating() throws Exception {
    byte[] b = blob("drydock-data");
    int at = RpmFixtures.entryOffset(b, RpmHeader.TAG_BASENAMES);
    int dl = ByteBuffer.wrap(b).getInt(4);
    ByteBuffer.wrap(b).putInt(at + 12, dl - 1);

    RpmHeader h = RpmHeader.parse(b);

    assertThatThrownBy(() -> h.stringArray(RpmHeader.TAG_BASENAMES))
        .hasMessageContaining("past the data");
    assertThat(h.int32Array(RpmHeader.TAG_DIRINDEXES)).hasSize(5);
  }

  @Test
  void string_without_nul_and_wrong_types_are_refused() {
    ByteBuffer b = ByteBuffer.allocate(8 + 32 + 7);
    b.putInt(2).putInt(7);
    b.putInt(RpmHeader.TAG_NAME).putInt(6).putInt(0).putInt(1);
    b.putInt(RpmHeader.TAG_EPOCH).putInt(6).putInt(3).putInt(1);
    b.put("abcdefg".getBytes(StandardCharsets.US_ASCII));

    RpmHeader h = RpmHeader.parse(b.array());

    assertThatThrownBy(() -> h.string(RpmHeader.TAG_NAME)).hasMessageContaining("without its");
    assertThatThrownBy(() -> h.int32(RpmHeader.TAG_EPOCH)).hasMessageContaining("not int32");
    assertThat(h.string(RpmHeader.TAG_VERSION)).isNull();
  }

  @Test
  void int32_array_past_the_data_is_refused() {
    ByteBuffer b = ByteBuffer.allocate(8 + 16 + 8);
    b.putInt(1).putInt(8);
    b.putInt(RpmHeader.TAG_DIRINDEXES).putInt(4).putInt(4).putInt(2);

    RpmHeader h = RpmHeader.parse(b.array());

    assertThatThrownBy(() -> h.int32Array(RpmHeader.TAG_DIRINDEXES))
        .hasMessageContaining("int32s past the data");
  }

  static byte[] blob(String name) throws Exception {
    List<byte[]> blobs = RpmFixtures.sqliteBlobs();
    for (byte[] b : blobs) {
      if (name.equals(RpmHeader.parse(b).string(RpmHeader.TAG_NAME))) {
        return b;
      }
    }
    throw new AssertionError("no " + name + " in the sqlite fixture");
  }

  private static RpmHeader header(String name) throws Exception {
    return RpmHeader.parse(blob(name));
  }
}
