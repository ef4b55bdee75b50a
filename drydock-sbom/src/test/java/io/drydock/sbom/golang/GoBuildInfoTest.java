package io.drydock.sbom.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoBuildInfoTest {

  @Test
  void parsesEveryLineKindAsRuntimeDebugDoes() {
    List<String> problems = new ArrayList<>();
    GoBuildInfo info =
        GoBuildInfo.parse(
            "go1.21.5",
            "path\texample.com/app/cmd/app\n"
                + "mod\texample.com/app\t(devel)\t\n"
                + "=>\t../app\t\t\n"
                + "dep\tgolang.org/x/sys\tv0.15.0\th1:sys=\n"
                + "dep\tgithub.com/old/x\tv1.0.0\n"
                + "=>\tgithub.com/new/x\tv1.1.0\th1:new=\n"
                + "\n"
                + "build\t-compiler=gc\n"
                + "build\t\"-tags\"=\"a b\"\n"
                + "build\tvcs.revision=0123abcd\n"
                + "unknown\tline\n"
                + "dep\tignored/no-newline\tv1.0.0",
            problems);

    assertThat(problems).isEmpty();
    assertThat(info.path()).isEqualTo("example.com/app/cmd/app");
    assertThat(info.main())
        .isEqualTo(
            new GoModule("example.com/app", "(devel)", "", new GoModule("../app", "", "", null)));
    assertThat(info.deps())
        .containsExactly(
            new GoModule("golang.org/x/sys", "v0.15.0", "h1:sys=", null),
            new GoModule(
                "github.com/old/x",
                "v1.0.0",
                "",
                new GoModule("github.com/new/x", "v1.1.0", "h1:new=", null)));
    assertThat(info.settings())
        .containsExactly(
            new GoBuildInfo.Setting("-compiler", "gc"),
            new GoBuildInfo.Setting("-tags", "a b"),
            new GoBuildInfo.Setting("vcs.revision", "0123abcd"));
  }

  @Test
  void malformedLinesAreSkippedWithTheirLineNumber() {
    List<String> problems = new ArrayList<>();
    GoBuildInfo info =
        GoBuildInfo.parse(
            "go1.21.5",
            "=>\ta\tb\tc\n"
                + "dep\ta\tb\tc\td\n"
                + "build\tnoequals\n"
                + "build\t=value\n"
                + "build\tk=\"unterminated\n"
                + "dep\tgood\tv1.0.0\n",
            problems);

    assertThat(info.deps()).containsExactly(new GoModule("good", "v1.0.0", "", null));
    assertThat(problems)
        .containsExactly(
            "line 1: replacement with no module on previous line",
            "line 2: expected 2 or 3 columns; got 4",
            "line 3: malformed build setting",
            "line 4: malformed build setting",
            "line 5: malformed build setting");
  }

  @Test
  void unquoteFollowsGoStrconv() {
    assertThat(GoBuildInfo.unquote("\"-s -w -X 'main.v=1'\"")).isEqualTo("-s -w -X 'main.v=1'");
    assertThat(GoBuildInfo.unquote("\"a\\tb\\n\\\"c\\\\\"")).isEqualTo("a\tb\n\"c\\");
    assertThat(GoBuildInfo.unquote("\"\\xc3\\xa9\\u00e9\\U0001F600\\101\"")).isEqualTo("éé😀A");
    assertThat(GoBuildInfo.unquote("`raw \\n`")).isEqualTo("raw \\n");
    assertThat(GoBuildInfo.unquote("\"bad \\q\"")).isNull();
    assertThat(GoBuildInfo.unquote("\"\\x4\"")).isNull();
    assertThat(GoBuildInfo.unquote("\"\\ud800\"")).isNull();
    assertThat(GoBuildInfo.unquote("\"")).isNull();
  }
}
