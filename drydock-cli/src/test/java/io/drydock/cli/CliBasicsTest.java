package io.drydock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliBasicsTest {
  @Test
  void versionAndHelp() {
    CliRunner v = CliRunner.run("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("drydock 0.").contains("java 1");
    CliRunner h = CliRunner.run("--help");
    assertThat(h.code()).isZero();
    assertThat(h.out()).contains("inspect", "copy", "completion", "Exit codes");
    for (String cmd : new String[] {"inspect", "copy", "completion", "validate"}) {
      CliRunner sub = CliRunner.run(cmd, "--help");
      assertThat(sub.code()).as(cmd).isZero();
      assertThat(sub.out()).as(cmd).startsWith("Usage: drydock " + cmd);
    }
  }

  /** The command list shows each command's first line: a whole sentence, never a cut one. */
  @Test
  void theCommandListShowsWholeSentences() {
    for (String[] cmd :
        new String[][] {{}, {"db"}, {"policy"}, {"admission"}, {"server"}, {"server", "token"}}) {
      String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
      args[cmd.length] = "--help";
      String out = CliRunner.run(args).out();
      String list = out.substring(out.indexOf("Commands:"));
      int end = list.indexOf("\n\n");
      list = end < 0 ? list : list.substring(0, end);
      // one entry: a name, then its text, continued on lines indented further
      String[] entries = list.substring("Commands:".length()).split("\n  (?=\\S)");
      for (String e : entries) {
        String text = e.strip().replaceAll("\\s+", " ");
        if (!text.isEmpty()) {
          assertThat(text).as(String.join(" ", cmd)).endsWith(".");
        }
      }
    }
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CliRunner.run().code()).isEqualTo(2);
    assertThat(CliRunner.run("frobnicate").code()).isEqualTo(2);
    assertThat(CliRunner.run("inspect").code()).isEqualTo(2);
    CliRunner badFormat = CliRunner.run("inspect", "--format", "xml", "oci:x");
    assertThat(badFormat.code()).isEqualTo(2);
    assertThat(badFormat.err()).contains("xml");
  }

  @Test
  void badTargetIsOneLineExitOne() {
    CliRunner r = CliRunner.run("inspect", "Not A Ref");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("drydock: invalid image reference \"Not A Ref\"");
    assertThat(r.oneLineError()).isTrue();

    CliRunner p = CliRunner.run("inspect", "--platform", "linux", "oci:x");
    assertThat(p.code()).isEqualTo(1);
    assertThat(p.err()).startsWith("drydock: invalid platform \"linux\"");
  }

  @Test
  void completionScriptNamesCommands() {
    CliRunner r = CliRunner.run("completion");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F", "drydock").contains("inspect");
  }
}
