// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;

class LoggingSetupTest {
  static GatewayConfig.Logging logging(String yaml) throws Exception {
    return ConfigLoader.parse("t.yaml", "gateway: {id: gw, site: s}\nlogging: " + yaml + "\n", Path.of("/tmp"),
        Path.of("/tmp/t.yaml"), false).logging();
  }

  @Test
  void journalFormatHasNoTimestampAndComponentsGetTheirOwnLevels() throws Exception {
    Map<String, String> p = LoggingSetup.properties(logging("{level: warn, levels: {uplink: debug, drivers: error}}"));
    assertFalse(p.get("writer.format").contains("{date"), "journald adds its own timestamp");
    assertEquals("warn", p.get("level"));
    assertEquals("debug", p.get("level@org.edgegateway.uplink"));
    assertEquals("error", p.get("level@org.edgegateway.drivers"));
    assertEquals("warn", p.get("level@org.sqlite"), "library chatter stays out of the journal");
    assertEquals("true", p.get("writingthread"), "a slow console never blocks the loop");
  }

  @Test
  void plainFormatAndARollingFileAreAvailable() throws Exception {
    Map<String, String> p = LoggingSetup.properties(logging("{format: plain, file: {path: /var/log/eg/gw.log, "
        + "max-size: 5MB, backups: 3}}"));
    assertTrue(p.get("writer.format").contains("{date"));
    assertEquals("rolling file", p.get("writer2"));
    assertEquals("/var/log/eg/gw.log", p.get("writer2.latest"));
    assertEquals("size: 5mb", p.get("writer2.policies"));
    assertEquals("3", p.get("writer2.backups"));
  }

  @Test
  void anUnknownComponentIsAConfigError() {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> logging("{levels: {valves: debug}}"));
    assertTrue(e.getMessage().contains("logging.levels.valves: unknown key; allowed here: config, sampling"),
        e.getMessage());
  }
}
