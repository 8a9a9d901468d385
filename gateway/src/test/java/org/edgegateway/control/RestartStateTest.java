// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgegateway.command.Command;
import org.edgegateway.command.Origin;
import org.edgegateway.command.Pending;
import org.edgegateway.command.Request;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Event;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.rules.SavedState;
import org.edgegateway.rules.ZoneState;
import org.edgegateway.safety.RecordingValve;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartStateTest {
  static final long S = 1_000_000_000L;
  static final String CONFIG = """
      gateway: {id: gw, site: s, time-zone: UTC}
      valves: [{id: v, type: simulated}]
      sensors: [{id: soil, type: sim-soil, valve: v, interval: 1s, stale-after: 1h}]
      safety: {min-pause: 0s}
      zones: [{id: z, valve: v, moisture: [soil.moisture], start-below: 20, stop-above: 26, min-run: 0s,
               max-run: 4h, daily-max-run: 10m}]
      alerts: [{id: dry, channel: soil.moisture, below: 0.15, severity: warning}]
      """;

  @TempDir
  Path dir;

  final List<Event> events = new ArrayList<>();
  long now = 1000 * S;
  /** Wall time that moves with the test's monotonic time, as it does in a running gateway. */
  final Clock clock = new Clock() {
    final Instant base = Instant.parse("2026-06-01T12:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return base.plusNanos(now);
    }
  };

  /** A controller over a fresh valve and fresh values: what a restarted process builds. */
  Controller boot(GatewayConfig c, LatestValues latest) {
    Safety safety = new Safety(Map.<String, ValveOutput>of("v", new RecordingValve("v", false)), c, clock,
        () -> now, events::add);
    return new Controller(c, new Snapshot(latest, c), safety, clock, new ClockSanity(clock, 0), events::add,
        new LoopMetrics());
  }

  @Test
  void aRestartKeepsTheDailyCapAndRaisedAlertsAndStartsIdle() throws Exception {
    GatewayConfig c = ConfigLoader.parse("t.yaml", CONFIG, dir, dir.resolve("t.yaml"), false);
    LatestValues latest = new LatestValues();
    latest.publish(new Reading("soil.moisture", 0, 0.10, "/", Quality.OK), now);
    Controller first = boot(c, latest);
    for (int i = 0; i < 8 * 60; i++) first.run(now += S, S); // 8 minutes of watering, dry alert raised
    assertEquals(1, events.stream().filter(e -> e.kind().equals("alert.raised")).count());
    StateFile file = new StateFile(dir.resolve("state.json"));
    file.write(first.saved());

    events.clear();
    Controller second = boot(c, latest);
    SavedState saved = file.read().orElseThrow();
    second.restore(saved, now);
    int opened = 0;
    for (int i = 0; i < 10 * 60; i++) {
      second.run(now += S, S);
      if (second.view().get(0).valveOpen()) opened++;
    }
    // The state saved is at most 1 s old (one of this test's 1 s ticks).
    assertTrue(opened >= 2 * 60 - 1 && opened <= 2 * 60 + 10, "what was left of the 10-minute cap: " + opened + " s");
    assertEquals(0, events.stream().filter(e -> e.kind().equals("alert.raised")).count(), "not raised again");

    latest.publish(new Reading("soil.moisture", 0, 0.30, "/", Quality.OK), now);
    second.run(now += S, S);
    assertEquals(1, events.stream().filter(e -> e.kind().equals("alert.cleared")).count(), "cleared once");
  }

  @Test
  void aManualRunSurvivesARestartAndStillExpiresOnTime() throws Exception {
    GatewayConfig c = ConfigLoader.parse("t.yaml", CONFIG.replace("daily-max-run: 10m", "daily-max-run: 2h"), dir,
        dir.resolve("t.yaml"), false);
    LatestValues latest = new LatestValues();
    latest.publish(new Reading("soil.moisture", 0, 0.30, "/", Quality.OK), now);
    Controller first = boot(c, latest);
    first.submit(new Pending(new Request("r-1", Origin.platform("test"), Long.MAX_VALUE,
        new Command.OpenZone("z", java.time.Duration.ofSeconds(120)))));
    for (int i = 0; i < 30; i++) first.run(now += S, S);
    SavedState saved = first.saved();

    Controller second = boot(c, latest);
    second.restore(saved, now);
    int open = 0;
    for (int i = 0; i < 200; i++) {
      second.run(now += S, S);
      if (second.view().get(0).valveOpen()) open++;
    }
    // 120 s ordered, 30 s run before the restart: 90 s remain (the state is saved every 10 ticks).
    assertTrue(open >= 88 && open <= 91, "the rest of the 2-minute run: " + open + " s");
    assertEquals(ZoneState.Phase.IDLE, second.view().get(0).phase());
  }
}
