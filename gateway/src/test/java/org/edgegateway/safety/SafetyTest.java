// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgegateway.config.ConfigException;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Event;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.junit.jupiter.api.Test;

class SafetyTest {
  static final long S = 1_000_000_000L;
  final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  final List<Event> events = new ArrayList<>();
  final Map<String, RecordingValve> valves = new LinkedHashMap<>();
  long now = 1000 * S;

  Safety safety(String safetyYaml, String... valveIds) throws ConfigException {
    StringBuilder y = new StringBuilder("gateway: {id: gw, site: s}\nvalves:\n");
    for (String v : valveIds) y.append("  - {id: ").append(v).append(", type: simulated, max-open: 10m}\n");
    y.append("safety: ").append(safetyYaml).append('\n');
    GatewayConfig c = ConfigLoader.parse("t.yaml", y.toString(), Path.of("/tmp"), Path.of("/tmp/t.yaml"), false);
    Map<String, ValveOutput> outs = new LinkedHashMap<>();
    for (String v : valveIds) {
      RecordingValve r = new RecordingValve(v, true);
      valves.put(v, r);
      outs.put(v, r);
    }
    return new Safety(outs, c, clock, () -> now, events::add);
  }

  static Map<String, String> want(String... ids) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String id : ids) m.put(id, "dry");
    return m;
  }

  @Test
  void everyValveIsDrivenClosedAtStartEvenIfItWasOpen() throws ConfigException {
    safety("{max-concurrent: 2}", "a", "b");
    assertFalse(valves.get("a").isOpen());
    assertFalse(valves.get("b").isOpen());
  }

  @Test
  void valveClosesAtItsMaximumOpenTimeAndStaysClosedUntilItsZoneStops() throws ConfigException {
    Safety s = safety("{max-concurrent: 1, min-pause: 0s}", "a");
    s.apply(want("a"), Map.of(), now);
    assertTrue(valves.get("a").isOpen());
    now += 10 * 60 * S;
    s.apply(want("a"), Map.of(), now);
    assertFalse(valves.get("a").isOpen(), "closed at max-open");
    now += S;
    s.apply(want("a"), Map.of(), now);
    assertFalse(valves.get("a").isOpen(), "the same request cannot reopen it");
    s.apply(want(), Map.of(), now);
    s.apply(want("a"), Map.of(), now);
    assertTrue(valves.get("a").isOpen(), "a new request after the zone stopped may open it");
    assertTrue(events.stream().anyMatch(e -> e.kind().equals("valve.max-open")));
  }

  @Test
  void noMoreThanMaxConcurrentValvesAreOpenAndWaitingZonesAreServedFirstComeFirstServed() throws ConfigException {
    Safety s = safety("{max-concurrent: 2, min-pause: 0s}", "a", "b", "c");
    s.apply(want("a", "b", "c"), Map.of(), now);
    assertEquals(List.of("a", "b"), s.openValves());
    s.apply(want("b", "c"), Map.of(), now);
    assertEquals(List.of("b", "c"), s.openValves(), "c waited and goes next");
  }

  @Test
  void aValveRestsForTheMinimumPauseBetweenRuns() throws ConfigException {
    Safety s = safety("{max-concurrent: 1, min-pause: 1m}", "a");
    s.apply(want("a"), Map.of(), now);
    s.apply(want(), Map.of(), now += S);
    s.apply(want("a"), Map.of(), now += 30 * S);
    assertFalse(valves.get("a").isOpen(), "still resting");
    s.apply(want("a"), Map.of(), now += 31 * S);
    assertTrue(valves.get("a").isOpen());
  }

  @Test
  void masterValveOpensBeforeTheZoneValveAndClosesAfterTheLastOne() throws ConfigException {
    Safety s = safety("{max-concurrent: 1, min-pause: 0s, master-valve: m, master-lead: 2s, master-lag: 5s}",
        "a", "m");
    s.apply(want("a"), Map.of(), now);
    assertTrue(valves.get("m").isOpen());
    assertFalse(valves.get("a").isOpen(), "zone waits for the master's lead");
    s.apply(want("a"), Map.of(), now += 2 * S);
    assertTrue(valves.get("a").isOpen());
    s.apply(want(), Map.of(), now += 10 * S);
    assertFalse(valves.get("a").isOpen());
    assertTrue(valves.get("m").isOpen(), "master lags");
    s.apply(want(), Map.of(), now += 5 * S);
    assertFalse(valves.get("m").isOpen());
  }

  @Test
  void aValveWhoseDriverFailsIsReportedAndTreatedAsClosed() throws ConfigException {
    Safety s = safety("{max-concurrent: 1}", "a");
    valves.get("a").failOnOpen(true);
    s.apply(want("a"), Map.of(), now);
    assertFalse(s.isOpen("a"));
    assertTrue(events.stream().anyMatch(e -> e.kind().equals("valve.fault") && e.source().equals("a")));
    assertEquals("close", valves.get("a").log().get(valves.get("a").log().size() - 1), "closed after the failure");
  }

  @Test
  void emergencyCloseClosesEveryOutputAndTheNextTickStartsFromClosed() throws ConfigException {
    Safety s = safety("{max-concurrent: 2, min-pause: 0s}", "a", "b");
    s.apply(want("a", "b"), Map.of(), now);
    s.emergencyClose("test");
    assertFalse(valves.get("a").isOpen());
    assertFalse(valves.get("b").isOpen());
    s.apply(want(), Map.of(), now += S);
    assertEquals(List.of(), s.openValves());
  }

  @Test
  void afterLockClosedNoRequestOpensAValveAgain() throws ConfigException {
    Safety s = safety("{max-concurrent: 2, min-pause: 0s}", "a", "b");
    s.apply(want("a", "b"), Map.of(), now);
    s.lockClosed("gateway stopping");
    s.apply(want("a", "b"), Map.of(), now += S);
    assertEquals(List.of(), s.openValves());
    assertFalse(valves.get("a").isOpen() || valves.get("b").isOpen());
  }

  @Test
  void everyValveChangeIsAnEventWithItsReason() throws ConfigException {
    Safety s = safety("{max-concurrent: 1, min-pause: 0s}", "a");
    events.clear();
    s.apply(want("a"), Map.of(), now);
    s.apply(want(), Map.of("a", "soil wet"), now += S);
    assertEquals(List.of("valve.opened a dry", "valve.closed a soil wet"),
        events.stream().map(e -> e.kind() + " " + e.source() + " " + e.message()).toList());
  }
}
