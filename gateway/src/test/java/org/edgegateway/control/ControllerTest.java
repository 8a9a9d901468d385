// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.edgegateway.rules.ZoneRule;
import org.edgegateway.safety.RecordingValve;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Snapshot;
import org.junit.jupiter.api.Test;

class ControllerTest {
  static final long S = 1_000_000_000L;
  final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  final List<Event> events = new ArrayList<>();
  final RecordingValve v1 = new RecordingValve("v1", false);
  final RecordingValve v2 = new RecordingValve("v2", false);
  final Controller controller;
  final LatestValues latest = new LatestValues();
  long now = 1000 * S;

  ControllerTest() throws Exception {
    GatewayConfig c = ConfigLoader.parse("t.yaml", """
        gateway: {id: gw, site: s}
        valves: [{id: v1, type: simulated}, {id: v2, type: simulated}]
        sensors: [{id: s1, type: sim-soil, valve: v1}, {id: s2, type: sim-soil, valve: v2}]
        safety: {max-concurrent: 2, min-pause: 0s}
        zones:
          - {id: z1, valve: v1, moisture: [s1.moisture], start-below: 20, stop-above: 26, max-run: 1h}
          - {id: z2, valve: v2, moisture: [s2.moisture], start-below: 20, stop-above: 26, max-run: 1h}
        """, Path.of("/tmp"), Path.of("/tmp/t.yaml"), false);
    latest.publish(new Reading("s1.moisture", 0, 0.10, "/", Quality.OK), now);
    latest.publish(new Reading("s2.moisture", 0, 0.10, "/", Quality.OK), now);
    Safety safety = new Safety(Map.<String, ValveOutput>of("v1", v1, "v2", v2), c, clock, () -> now, events::add);
    controller = new Controller(c, new Snapshot(latest, c), safety, clock, new ClockSanity(clock, 0), events::add,
        new LoopMetrics());
  }

  private void ticks(int n) {
    for (int i = 0; i < n; i++) controller.run(now += S, S);
  }

  private long count(String kind, String source) {
    return events.stream().filter(e -> e.kind().equals(kind) && e.source().equals(source)).count();
  }

  @Test
  void theViewStaysTheSameObjectWhileNoZoneChanges() {
    latest.publish(new Reading("s1.moisture", 0, 0.23, "/", Quality.OK), now);
    latest.publish(new Reading("s2.moisture", 0, 0.23, "/", Quality.OK), now);
    ticks(2);
    List<Controller.ZoneView> view = controller.view();
    ticks(3);
    assertSame(view, controller.view(), "idle zones, same moisture: nothing new to publish");
    latest.publish(new Reading("s2.moisture", 0, 0.24, "/", Quality.OK), now);
    ticks(1);
    assertNotSame(view, controller.view());
    assertSame(view.get(0), controller.view().get(0), "the unchanged zone keeps its view");
    assertEquals(24.0, controller.view().get(1).moisture(), 1e-9);
  }

  @Test
  void theSavedStateIsRebuiltOnceASecondNotAtEveryTick() {
    long tick = S / 100;
    controller.run(now += tick, tick);
    Object first = controller.saved();
    for (int i = 0; i < 99; i++) controller.run(now += tick, tick);
    assertSame(first, controller.saved(), "99 ticks of 10 ms later");
    controller.run(now += tick, tick);
    assertNotSame(first, controller.saved(), "a second later");
  }

  @Test
  void aRuleThatThrowsClosesItsZoneValveRaisesOneAlertAndClearsItWhenItRunsAgain() {
    ticks(3);
    assertTrue(v1.isOpen() && v2.isOpen(), "both dry zones water");
    controller.useRule((z, st, in, n, dt) -> {
      if (z.id().equals("z1")) throw new IllegalStateException("bug in a rule");
      return ZoneRule.step(z, st, in, n, dt);
    });
    ticks(5);
    assertFalse(v1.isOpen(), "the failing zone's valve closed");
    assertTrue(v2.isOpen(), "the other zone goes on");
    assertEquals(1, count("alert.raised", "rule-error:z1"), "raised once, not every tick");
    controller.useRule(ZoneRule::step);
    ticks(2);
    assertEquals(1, count("alert.cleared", "rule-error:z1"));
  }

  @Test
  void aFailedTickClosesEveryValveAndRaisesTheLoopErrorAlertOnce() {
    ticks(3);
    assertTrue(v1.isOpen() && v2.isOpen());
    controller.failed(new IllegalStateException("tick bug"));
    controller.failed(new IllegalStateException("tick bug"));
    assertFalse(v1.isOpen() || v2.isOpen(), "every valve closed");
    assertEquals(1, count("alert.raised", "loop-error"));
    ticks(1);
    assertEquals(1, count("alert.cleared", "loop-error"));
  }

  @Test
  void clockJumpsAreReportedAndAnImplausibleClockRaisesTheClockAlert() {
    ClockSanity sanity = new ClockSanity(clock, Instant.parse("2027-01-01T00:00:00Z").toEpochMilli());
    assertFalse(sanity.plausible(), "before the build time");
    ClockSanity ok = new ClockSanity(clock, 0);
    assertEquals(0, ok.check(now));
    assertTrue(ok.plausible());
    // The wall clock stands still while two hours of monotonic time pass: a jump of -2 h.
    assertEquals(-7_200_000L, ok.check(now + 7200 * S));
  }
}
