// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/** The software version and build time, from the properties Maven writes into the jar. */
public final class Version {
  private static final Properties PROPS = load();

  private Version() {}

  public static String version() {
    return PROPS.getProperty("version", "unknown");
  }

  /** Build time in epoch ms; the wall clock is implausible before it. 0 when unknown. */
  public static long buildMillis() {
    try {
      return Instant.parse(PROPS.getProperty("build.time", "")).toEpochMilli();
    } catch (DateTimeParseException e) {
      return 0;
    }
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/edge-gateway-version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      // An unknown version is reported as such.
    }
    return p;
  }
}
