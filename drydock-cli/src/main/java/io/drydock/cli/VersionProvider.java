package io.drydock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code drydock --version}: the build's version, Java runtime and OS. */
final class VersionProvider implements IVersionProvider {
  static String version() {
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/drydock-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "drydock " + version(),
      "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
      "os " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
    };
  }
}
