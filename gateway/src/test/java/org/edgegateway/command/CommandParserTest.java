// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.api.Test;

class CommandParserTest {
  static final long NOW = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
  static final String LATER = "2026-06-01T13:00:00Z";

  static GatewayConfig config() throws Exception {
    return ConfigLoader.parse("t.yaml", """
        gateway: {id: gw-1, site: s}
        valves: [{id: v1, type: simulated, max-open: 20m}, {id: v2, type: simulated}]
        sensors: [{id: s1, type: sim-soil, valve: v1}, {id: s2, type: sim-soil, valve: v2}]
        zones:
          - {id: bed-1, valve: v1, moisture: [s1.moisture], start-below: 20, stop-above: 26, max-run: 30m}
          - {id: pit-1, valve: v2, moisture: [s2.moisture], sense: tension, start-above: 60, stop-below: 30}
        """, Path.of("/tmp"), Path.of("/tmp/t.yaml"), false);
  }

  final CommandParser parser;

  CommandParserTest() throws Exception {
    parser = new CommandParser(config());
  }

  CommandParser.Parsed parse(String name, String json) throws Rejected {
    return parser.parse(name, json.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void openZoneWithinLimitsIsTakenAsItIs() throws Rejected {
    CommandParser.Parsed p = parse("open-zone", "{\"id\":\"c1\",\"expires\":\"" + LATER + "\",\"zone\":\"bed-1\","
        + "\"minutes\":5}");
    assertEquals(new Command.OpenZone("bed-1", Duration.ofMinutes(5)), p.command());
    assertEquals("c1", p.id());
  }

  @Test
  void openZoneBeyondTheZonesLimitsIsLeftForTheControlLoopToCap() throws Rejected {
    // The parser checks the message; what the zone and valve allow at that moment is the loop's to decide.
    CommandParser.Parsed p = parse("open-zone", "{\"id\":\"c1\",\"expires\":" + (NOW + 60_000) + ",\"zone\":\"bed-1\","
        + "\"minutes\":600}");
    assertEquals(new Command.OpenZone("bed-1", Duration.ofMinutes(600)), p.command());
  }

  @Test
  void aRepeatedKeyIsRejectedNamingTheKey() {
    Rejected r = assertThrows(Rejected.class, () -> parse("open-zone", "{\"id\":\"c1\",\"expires\":\"" + LATER
        + "\",\"zone\":\"tree-1\",\"minutes\":1,\"zone\":\"bed-1\"}"));
    assertEquals("duplicate key 'zone'; each key may appear once", r.getMessage());
    assertEquals("c1", r.id(), "the ack can still name the command");
  }

  @Test
  void textAfterTheObjectIsRejected() {
    Rejected r = assertThrows(Rejected.class, () -> parse("open-zone", "{\"id\":\"c1\",\"expires\":\"" + LATER
        + "\",\"zone\":\"bed-1\",\"minutes\":1} {\"zone\":\"pit-1\"}"));
    assertTrue(r.getMessage().startsWith("malformed JSON"), r.getMessage());
  }

  @Test
  void everyOtherKindParses() throws Rejected {
    String head = "{\"id\":\"c2\",\"expires\":\"" + LATER + "\"";
    assertEquals(new Command.CloseZone("bed-1", Duration.ofHours(1)), parse("close-zone", head
        + ",\"zone\":\"bed-1\"}").command());
    assertEquals(new Command.HoldZone("bed-1", Instant.parse("2026-06-02T06:00:00Z").toEpochMilli()),
        parse("hold-zone", head + ",\"zone\":\"bed-1\",\"until\":\"2026-06-02T06:00:00Z\"}").command());
    assertEquals(new Command.SetThresholds("pit-1", 70, 25), parse("set-thresholds", head
        + ",\"zone\":\"pit-1\",\"start\":70,\"stop\":25}").command());
    assertEquals(new Command.StatusNow(), parse("status", head + ",\"gateway\":\"gw-1\"}").command());
  }

  @ParameterizedTest(name = "{0}: {2}")
  @CsvFileSource(resources = "/command/rejections.psv", delimiter = '|', quoteCharacter = '`')
  void malformedOrOutOfBoundsCommandsAreRejectedWithTheReason(String name, String json, String reason) {
    Rejected r = assertThrows(Rejected.class, () -> parse(name, json));
    assertTrue(r.getMessage().contains(reason), r.getMessage());
  }

  @Test
  void anOversizedPayloadIsRejectedBeforeParsing() {
    byte[] big = new byte[CommandParser.MAX_BYTES + 1];
    Rejected r = assertThrows(Rejected.class, () -> parser.parse("open-zone", big, NOW));
    assertTrue(r.getMessage().contains("larger than"));
  }
}
