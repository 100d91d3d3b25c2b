package dev.estuary.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Estuary's version, from a resource Maven fills in at build time. */
public final class Version {
  private Version() {}

  /**
   * Returns the version.
   *
   * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a Maven build
   */
  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/estuary/core/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
