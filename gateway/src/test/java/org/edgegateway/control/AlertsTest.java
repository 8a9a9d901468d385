// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Event;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.safety.RecordingValve;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Snapshot;
import org.junit.jupiter.api.Test;

class AlertsTest {
  static final long S = 1_000_000_000L;
  final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  final List<Event> events = new ArrayList<>();
  final LatestValues latest = new LatestValues();
  final Controller controller;
  long now = 1000 * S;

  AlertsTest() throws Exception {
    GatewayConfig c = ConfigLoader.parse("t.yaml", """
        gateway: {id: gw, site: s}
        valves: [{id: v1, type: simulated, max-open: 2h}]
        sensors: [{id: s1, type: sim-soil, valve: v1, interval: 1s, stale-after: 1h}, {id: air, type: sim-air}]
        safety: {min-pause: 0s}
        zones: [{id: z1, valve: v1, moisture: [s1.moisture], start-below: 20, stop-above: 26, max-run: 2h,
                 daily-max-run: 3h}]
        alerts:
          - {id: heat-rise, type: rate, channel: air.temperature, above: 6, window: 10m, severity: warning}
          - {id: long-run, type: valve-open, for: 30m, severity: warning}
        """, Path.of("/tmp"), Path.of("/tmp/t.yaml"), false);
    Safety safety = new Safety(Map.<String, ValveOutput>of("v1", new RecordingValve("v1", false)), c, clock,
        () -> now, events::add);
    controller = new Controller(c, new Snapshot(latest, c), safety, clock, new ClockSanity(clock, 0), events::add,
        new LoopMetrics());
  }

  private long count(String kind, String source) {
    return events.stream().filter(e -> e.kind().equals(kind) && e.source().equals(source)).count();
  }

  private void soil(double ratio) {
    latest.publish(new Reading("s1.moisture", 0, ratio, "/", Quality.OK), now);
  }

  @Test
  void aRateOfChangeAlertRaisesWhenTheChannelRisesFasterThanItsLimitPerHour() {
    soil(0.30);
    double t = 20;
    for (int i = 0; i < 30 * 60; i++) {
      // 3 °C per hour for 15 minutes, then 12 °C per hour.
      t += (i < 15 * 60 ? 3.0 : 12.0) / 3600;
      latest.publish(new Reading("air.temperature", 0, t, "Cel", Quality.OK), now);
      controller.run(now += S, S);
      if (i == 15 * 60 - 1) assertEquals(0, count("alert.raised", "heat-rise"), "3 °C/h is below 6");
    }
    assertEquals(1, count("alert.raised", "heat-rise"));
    for (int i = 0; i < 20 * 60; i++) { // steady: the rate falls to 0
      latest.publish(new Reading("air.temperature", 0, t, "Cel", Quality.OK), now);
      controller.run(now += S, S);
    }
    assertEquals(1, count("alert.cleared", "heat-rise"));
  }

  @Test
  void aValveOpenLongerThanAllowedRaisesAnAlertWhichClearsWhenItCloses() {
    soil(0.10);
    for (int i = 0; i < 29 * 60; i++) controller.run(now += S, S);
    assertEquals(0, count("alert.raised", "long-run"));
    for (int i = 0; i < 2 * 60; i++) controller.run(now += S, S);
    assertEquals(1, count("alert.raised", "long-run"));
    soil(0.30);
    for (int i = 0; i < 5; i++) controller.run(now += S, S);
    assertEquals(1, count("alert.cleared", "long-run"));
  }
}
