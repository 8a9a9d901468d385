// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.edgegateway.command.Command;
import org.edgegateway.command.CommandParser;
import org.edgegateway.command.Rejected;
import org.edgegateway.config.ConfigException;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;

/**
 * Any downlink message (first byte picks the topic name, the rest is the payload) becomes a command within the
 * message's bounds, or a {@link Rejected}: never another exception. What a zone's limits then grant is the control
 * loop's to decide ({@code CommandSequencesPropertyTest}). Seeds: {@code FuzzCommandParserTestInputs/}.
 */
class FuzzCommandParserTest {
  static final long NOW = 1_795_456_800_000L;
  private static final List<String> NAMES = List.of("open-zone", "close-zone", "hold-zone", "set-thresholds",
      "status", "reboot", "");
  private static final CommandParser PARSER = new CommandParser(config());

  @FuzzTest
  void anyMessageBecomesABoundedCommandOrARejection(byte[] data) {
    if (data.length == 0) return;
    String name = NAMES.get((data[0] & 0xFF) % NAMES.size());
    byte[] payload = Arrays.copyOfRange(data, 1, data.length);
    try {
      CommandParser.Parsed p = PARSER.parse(name, payload, NOW);
      assertTrue(p.expiresMillis() > NOW, "expiry in the future");
      if (p.command() instanceof Command.OpenZone o) {
        assertTrue(o.run().compareTo(Duration.ofMinutes(1440)) <= 0 && o.run().compareTo(Duration.ofSeconds(6)) >= 0,
            "run within 0.1 to 1440 minutes: " + o.run());
      }
      if (p.command() instanceof Command.HoldZone h) assertTrue(h.untilMillis() > NOW, "hold ends in the future");
      if (p.command() instanceof Command.SetThresholds t) {
        assertTrue(t.start() >= 0 && t.stop() <= 100 && t.start() < t.stop(), "thresholds in range: " + t);
      }
    } catch (Rejected expected) {
      assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty(), "a rejection has a reason");
    }
  }

  static GatewayConfig config() {
    String yaml = """
        gateway: {id: gw-fuzz, site: lab, state-dir: state}
        valves:
          - {id: valve-1, type: simulated, max-open: 10m}
        sensors:
          - {id: soil-1, type: sim-soil, valve: valve-1, interval: 1s}
        zones:
          - {id: bed-1, valve: valve-1, moisture: [soil-1.moisture], start-below: 20, stop-above: 26, max-run: 1m}
        """;
    try {
      return ConfigLoader.parse("fuzz.yaml", yaml, Path.of("/nonexistent"), Path.of("/nonexistent/fuzz.yaml"), false);
    } catch (ConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
