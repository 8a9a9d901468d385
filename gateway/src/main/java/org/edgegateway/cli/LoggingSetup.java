// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.edgegateway.config.GatewayConfig;

/**
 * Configures tinylog from the config's {@code logging:} section before the first log line. Journal format has no
 * timestamp (journald adds its own); plain format, for a terminal, has one. Writes go through tinylog's writing
 * thread, so a slow console never blocks the control loop.
 */
final class LoggingSetup {
  private LoggingSetup() {}

  /** Applies the settings; a no-op when tinylog is already running (a second command in one JVM, e.g. tests). */
  static void apply(GatewayConfig.Logging l) {
    if (org.tinylog.configuration.Configuration.isFrozen()) return;
    org.tinylog.configuration.Configuration.replace(properties(l));
  }

  static Map<String, String> properties(GatewayConfig.Logging l) {
    Map<String, String> p = new LinkedHashMap<>();
    String format = "journal".equals(l.format()) ? "{level}: {class-name}: {message}"
        : "{date:yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} {class-name}: {message}";
    p.put("writer", "console");
    p.put("writer.format", format);
    p.put("writer.stream", "out");
    if (l.file() != null) {
      p.put("writer2", "rolling file");
      p.put("writer2.file", l.file().toString() + ".{count}");
      p.put("writer2.latest", l.file().toString());
      p.put("writer2.format", "{date:yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} {class-name}: {message}");
      p.put("writer2.policies", "size: " + Math.max(1, l.fileMaxBytes() / 1_000_000) + "mb");
      p.put("writer2.backups", Integer.toString(l.fileBackups()));
      p.put("writer2.charset", "UTF-8");
    }
    p.put("level", l.level());
    // Libraries are quiet unless something is wrong.
    for (String lib : new String[] {"com.pi4j", "org.eclipse", "org.sqlite", "jssc"}) p.put("level@" + lib, "warn");
    l.levels().forEach((component, level) -> p.put("level@org.edgegateway." + component, level));
    p.put("writingthread", "true");
    p.put("autoshutdown", "true");
    return p;
  }
}
