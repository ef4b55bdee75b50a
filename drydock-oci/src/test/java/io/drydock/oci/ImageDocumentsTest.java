package io.drydock.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageDocumentsTest {
  static final String D1 = "sha256:" + "1".repeat(64);
  static final String D2 = "sha256:" + "2".repeat(64);

  static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(UTF_8);
  }

  @Test
  void parsesOciManifest() throws Exception {
    ImageDocument doc =
        ImageDocuments.parse(
            bytes(
                "{'schemaVersion':2,'mediaType':'application/vnd.oci.image.manifest.v1+json',"
                    + "'config':{'mediaType':'application/vnd.oci.image.config.v1+json','digest':'"
                    + D1
                    + "','size':7},'layers':[{'mediaType':'application/vnd.oci.image.layer.v1.tar+gzip',"
                    + "'digest':'"
                    + D2
                    + "','size':42}],'annotations':{'org.opencontainers.image.base.name':'debian'}}"),
            null,
            "m");
    Manifest m = (Manifest) doc;
    assertThat(m.config().size()).isEqualTo(7);
    assertThat(m.layers()).singleElement().extracting(Descriptor::size).isEqualTo(42L);
    assertThat(m.annotations()).containsEntry("org.opencontainers.image.base.name", "debian");
  }

  @Test
  void dockerManifestListSelectsPlatform() throws Exception {
    ImageDocument doc =
        ImageDocuments.parse(
            bytes(
                "{'schemaVersion':2,'manifests':["
                    + "{'mediaType':'application/vnd.docker.distribution.manifest.v2+json','digest':'"
                    + D1
                    + "','size':1,'platform':{'os':'linux','architecture':'arm64','variant':'v8'}},"
                    + "{'mediaType':'application/vnd.docker.distribution.manifest.v2+json','digest':'"
                    + D2
                    + "','size':2,'platform':{'os':'linux','architecture':'amd64'}}]}"),
            MediaTypes.DOCKER_MANIFEST_LIST + "; charset=utf-8",
            "list");
    Index index = (Index) doc;
    assertThat(index.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(index.select(Platform.LINUX_AMD64))
        .get()
        .extracting(d -> d.digest().toString())
        .isEqualTo(D2);
    assertThat(index.select(Platform.parse("linux/arm64")))
        .get()
        .extracting(Descriptor::size)
        .isEqualTo(1L);
    assertThat(index.select(Platform.parse("linux/s390x"))).isEmpty();
    assertThat(index.platforms())
        .extracting(Platform::toString)
        .containsExactly("linux/arm64/v8", "linux/amd64");
  }

  @Test
  void refusesSchema1UnknownAndMalformed() {
    assertThatThrownBy(
            () ->
                ImageDocuments.parse(
                    bytes("{'schemaVersion':1,'fsLayers':[]}"), null, "manifest x"))
        .isInstanceOf(OciFormatException.class)
        .hasMessageContaining("Docker schema 1");
    assertThatThrownBy(
            () ->
                ImageDocuments.parse(
                    bytes("{'schemaVersion':2,'mediaType':'application/vnd.foo+json'}"), null, "m"))
        .hasMessageContaining("unsupported media type \"application/vnd.foo+json\"");
    assertThatThrownBy(() -> ImageDocuments.parse(bytes("{'schemaVersion':2"), null, "manifest y"))
        .hasMessageStartingWith("manifest y is not valid JSON");
    assertThatThrownBy(() -> ImageDocuments.parse(bytes("[1,2]"), null, "m"))
        .hasMessageContaining("not a JSON object");
    assertThatThrownBy(
            () ->
                ImageDocuments.parse(
                    bytes(
                        "{'schemaVersion':2,'config':{'digest':'sha256:zz','size':1},'layers':[]}"),
                    null,
                    "m"))
        .hasMessageContaining("invalid sha256 digest \"sha256:zz\"");
    assertThatThrownBy(
            () ->
                ImageDocuments.parse(
                    bytes(
                        "{'schemaVersion':2,'config':{'digest':'"
                            + D1
                            + "','size':-1},'layers':[]}"),
                    null,
                    "m"))
        .hasMessageContaining("no valid size");
    assertThatThrownBy(
            () -> ImageDocuments.parse("{\"a\":".repeat(200).getBytes(UTF_8), null, "deep"))
        .isInstanceOf(OciFormatException.class)
        .hasMessageStartingWith("deep is not valid JSON");
  }

  @Test
  void parsesConfig() throws Exception {
    ImageConfig c =
        ImageConfig.parse(
            bytes(
                "{'architecture':'amd64','os':'linux','created':'2024-01-02T03:04:05.123Z',"
                    + "'config':{'User':'1000','Env':['PATH=/bin','SECRET=x'],'Entrypoint':['/app'],"
                    + "'Labels':{'a':'b'},'ExposedPorts':{'8080/tcp':{}}},"
                    + "'rootfs':{'type':'layers','diff_ids':['"
                    + D1
                    + "','"
                    + D2
                    + "']},'history':[{'created_by':'ADD rootfs'},{'created_by':'ENV x','empty_layer':true},"
                    + "{'created_by':'COPY app'}]}"),
            "config");
    assertThat(c.platform()).isEqualTo(Platform.LINUX_AMD64);
    assertThat(c.user()).isEqualTo("1000");
    assertThat(c.envNames()).containsExactly("PATH", "SECRET");
    assertThat(c.exposedPorts()).containsExactly("8080/tcp");
    assertThat(c.created()).hasToString("2024-01-02T03:04:05.123Z");
    assertThat(c.layerHistory(2))
        .extracting(ImageConfig.History::createdBy)
        .containsExactly("ADD rootfs", "COPY app");
    assertThat(c.layerHistory(3)).hasSize(3).last().isNull();
  }
}
