// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.Driver;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.config.TimeWindow;
import org.edgegateway.data.Event;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.drivers.sim.SimAir;
import org.edgegateway.drivers.sim.SimFlowMeter;
import org.edgegateway.drivers.sim.SimRainGauge;
import org.edgegateway.drivers.sim.SimSoil;
import org.edgegateway.drivers.sim.SimValve;
import org.edgegateway.drivers.sim.SimWorld;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Sampler;
import org.edgegateway.sampling.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * A week of a three-zone site on simulated soil and weather, run tick by tick on a fake clock in a few seconds:
 * heat on days 2 and 3, a rainy afternoon on day 3, a frost night before day 5, a leak on day 5.
 */
class SimulatedWeekTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant START = ZonedDateTime.of(2026, 6, 1, 0, 0, 0, 0, BERLIN).toInstant();
  static final long S = 1_000_000_000L;
  static final String CONFIG = """
      gateway: {id: gw-week, site: test, time-zone: Europe/Berlin}
      loop: {period: 1s}
      valves:
        - {id: v1, type: simulated, max-open: 30m}
        - {id: v2, type: simulated, max-open: 30m}
        - {id: v3, type: simulated, max-open: 30m}
      sensors:
        - {id: s1, type: sim-soil, valve: v1, initial: 24, dry-per-hour: 0.3, wet-per-hour: 30, interval: 1m}
        - {id: s2, type: sim-soil, valve: v2, initial: 22, dry-per-hour: 0.25, wet-per-hour: 30, interval: 1m}
        - {id: s3, type: sim-soil, valve: v3, initial: 20, dry-per-hour: 0.2, wet-per-hour: 30, interval: 1m}
        - {id: air, type: sim-air, interval: 1m}
        - {id: rain, type: sim-rain, interval: 1m}
        - {id: flow, type: sim-flow, litres-per-minute: 10, interval: 1m}
      safety: {max-concurrent: 2, min-pause: 5m}
      zones:
        - {id: z1, valve: v1, moisture: [s1.moisture], start-below: 20, stop-above: 26, windows: ["21:00-06:00"],
           min-run: 2m, max-run: 15m, soak: 20m, daily-max-run: 1h,
           rain-skip: {channel: rain.total, above: 2, window: 12h}, frost-lockout: {channel: air.temperature, below: 3}}
        - {id: z2, valve: v2, moisture: [s2.moisture], start-below: 20, stop-above: 26, windows: ["21:00-06:00"],
           min-run: 2m, max-run: 15m, soak: 20m, daily-max-run: 1h,
           rain-skip: {channel: rain.total, above: 2, window: 12h}, frost-lockout: {channel: air.temperature, below: 3}}
        - {id: z3, valve: v3, moisture: [s3.moisture], start-below: 19, stop-above: 24, windows: ["21:00-06:00"],
           min-run: 2m, max-run: 15m, soak: 20m, daily-max-run: 1h,
           rain-skip: {channel: rain.total, above: 2, window: 12h}, frost-lockout: {channel: air.temperature, below: 3}}
      alerts:
        - {id: leak, type: leak, channel: flow.rate, above: 0.01, for: 10m, severity: critical}
      """;

  /** A clock the test moves forward. */
  static final class FakeClock extends Clock {
    long millis = START.toEpochMilli();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      FakeClock outer = this;
      return new Clock() {
        @Override
        public ZoneId getZone() {
          return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
          return outer.withZone(z);
        }

        @Override
        public Instant instant() {
          return outer.instant();
        }
      };
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  /** Days 2-3 hot (up to 34 °C), the night before day 5 frosty (down to -2 °C), otherwise 12 to 24 °C. */
  static double temperature(long millis) {
    ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(BERLIN);
    double hour = t.getHour() + t.getMinute() / 60.0;
    int day = t.getDayOfMonth();
    double mean = day == 2 || day == 3 ? 26 : 18;
    double swing = day == 2 || day == 3 ? 8 : 6;
    if ((day == 4 && hour >= 20) || (day == 5 && hour < 8)) return -2;
    return mean + swing * Math.sin((hour - 9) / 24 * 2 * Math.PI);
  }

  /** 4 mm/h from 14:00 to 17:00 on day 3. */
  static double rain(long millis) {
    ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(BERLIN);
    return t.getDayOfMonth() == 3 && t.getHour() >= 14 && t.getHour() < 17 ? 4 : 0;
  }

  /** The site under test: simulated world, valves, safety, sampler and controller on the fake clock. */
  static final class Site {
    final FakeClock clock = new FakeClock();
    final long[] nanos = {1_000 * S};
    final GatewayConfig config;
    final Map<String, SimValve> sim = new LinkedHashMap<>();
    final Map<String, SimSoil> soil = new HashMap<>();
    final List<Event> events = new ArrayList<>();
    final Safety safety;
    final Sampler sampler;
    final SimFlowMeter flow;
    final Controller controller;

    Site() throws Exception {
      config = ConfigLoader.parse("week.yaml", CONFIG, Path.of("/tmp"), Path.of("/tmp/week.yaml"), false);
      SimWorld world = new SimWorld(clock.withZone(BERLIN), 7, 18, 6, 0);
      world.setTemperatureTrace(SimulatedWeekTest::temperature);
      world.setRainTrace(SimulatedWeekTest::rain);
      Map<String, ValveOutput> valves = new LinkedHashMap<>();
      for (String v : List.of("v1", "v2", "v3")) {
        sim.put(v, world.newValve(v));
        valves.put(v, sim.get(v));
      }
      safety = new Safety(valves, config, clock, () -> nanos[0], events::add);
      LatestValues latest = new LatestValues();
      sampler = new Sampler(clock, () -> nanos[0], latest, item -> { });
      for (int i = 1; i <= 3; i++) {
        GatewayConfig.Sensor s = config.sensor("s" + i).orElseThrow();
        Driver.SimSoil d = (Driver.SimSoil) s.driver();
        SimSoil ss = new SimSoil(world, sim.get("v" + i), d.initial(), d.dryPerHour(), d.wetPerHour());
        soil.put(config.zones().get(i - 1).id(), ss);
        sampler.add(s, ss, () -> true);
      }
      sampler.add(config.sensor("air").orElseThrow(), new SimAir(world), () -> true);
      sampler.add(config.sensor("rain").orElseThrow(), new SimRainGauge(world, 0.2), () -> true);
      flow = new SimFlowMeter(world, 10, 0.5);
      sampler.add(config.sensor("flow").orElseThrow(), flow, () -> true);
      controller = new Controller(config, new Snapshot(latest, config), safety, clock, new ClockSanity(clock, 0),
          events::add, new LoopMetrics());
    }
  }

  @Test
  void aWeekOfWateringKeepsTheSoilInItsBandAndEveryLimit() throws Exception {
    Site site = new Site();
    FakeClock clock = site.clock;
    long[] nanos = site.nanos;
    GatewayConfig config = site.config;
    Safety safety = site.safety;
    List<Event> events = site.events;
    Map<String, Map<LocalDate, Long>> openSeconds = new HashMap<>();
    int maxConcurrent = 0;
    long leakOnMillis = ZonedDateTime.of(2026, 6, 5, 10, 0, 0, 0, BERLIN).toInstant().toEpochMilli();
    long leakOffMillis = leakOnMillis + Duration.ofHours(2).toMillis();
    long leakRaisedAt = -1;
    long leakClearedAt = -1;
    List<String> violations = new ArrayList<>();
    for (int second = 0; second < 7 * 24 * 3600; second++) {
      clock.millis += 1000;
      nanos[0] += S;
      if (clock.millis == leakOnMillis) site.flow.setLeak(3);
      if (clock.millis == leakOffMillis) site.flow.setLeak(0);
      if (second % 60 == 0) site.sampler.sampleAllOnce();
      int before = events.size();
      site.controller.run(nanos[0], S);
      for (Event e : events.subList(before, events.size())) {
        if (e.kind().equals("alert.raised") && e.source().equals("leak")) leakRaisedAt = clock.millis;
        if (e.kind().equals("alert.cleared") && e.source().equals("leak")) leakClearedAt = clock.millis;
      }
      ZonedDateTime local = clock.instant().atZone(BERLIN);
      int open = 0;
      for (GatewayConfig.Zone z : config.zones()) {
        if (!safety.isOpen(z.valve())) continue;
        open++;
        openSeconds.computeIfAbsent(z.id(), k -> new HashMap<>()).merge(local.toLocalDate(), 1L, Long::sum);
        if (z.windows().stream().noneMatch(w -> w.contains(local.toLocalTime()))) {
          violations.add(z.id() + " outside window " + local);
        }
        if (temperature(clock.millis) < 3) violations.add(z.id() + " watering in frost " + local);
        if (rainInLast(clock.millis, Duration.ofHours(12)) > 2.2) {
          violations.add(z.id() + " watering after rain " + local);
        }
      }
      maxConcurrent = Math.max(maxConcurrent, open);
      if (second % 600 == 0) checkBand(config, site.soil, clock.millis, violations);
    }

    assertEquals(List.of(), violations.subList(0, Math.min(10, violations.size())));
    assertTrue(maxConcurrent <= 2, "max-concurrent " + maxConcurrent);
    assertTrue(maxConcurrent >= 1, "something was watered");
    openSeconds.forEach((zone, days) -> days.forEach((day, secs) ->
        assertTrue(secs <= 3600, zone + " ran " + secs + " s on " + day)));
    assertTrue(leakRaisedAt > 0, "leak alert raised");
    long raisedAfter = leakRaisedAt - leakOnMillis;
    assertTrue(raisedAfter >= Duration.ofMinutes(10).toMillis() && raisedAfter <= Duration.ofMinutes(12).toMillis(),
        "raised " + raisedAfter / 1000 + " s after the leak began (hold 10 min, sampling every minute)");
    assertTrue(leakClearedAt > leakOffMillis && leakClearedAt - leakOffMillis <= Duration.ofMinutes(2).toMillis(),
        "cleared after the leak stopped");
    assertEquals(1, events.stream().filter(e -> e.kind().equals("alert.raised")).count(), "raised once");
    List<Event> valveEvents = events.stream().filter(e -> e.kind().startsWith("valve.")).toList();
    long switches = site.sim.values().stream().mapToLong(SimValve::switches).sum();
    assertEquals(switches, valveEvents.stream().filter(e -> e.kind().equals("valve.opened")
        || e.kind().equals("valve.closed")).count(), "one event per valve change");
    assertTrue(valveEvents.stream().allMatch(e -> !e.message().isBlank()), "every valve event has a reason");
    assertFalse(valveEvents.isEmpty());
  }

  /** Each zone's soil stays within its band (with the drying margin between windows) unless locked out. */
  private static void checkBand(GatewayConfig config, Map<String, SimSoil> soil, long millis, List<String> out) {
    ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(BERLIN);
    boolean lockedOut = rainInLast(millis, Duration.ofHours(12)) > 0 || (t.getDayOfMonth() == 5 && t.getHour() < 12)
        || t.getDayOfMonth() == 4 && t.getHour() >= 20;
    if (millis - START.toEpochMilli() < Duration.ofHours(30).toMillis()) return; // the first night catches up
    for (GatewayConfig.Zone z : config.zones()) {
      double m = soil.get(z.id()).moisture();
      // Between the windows (15 h) the soil dries by at most 15 h x 0.3 %/h x heat factor 1.8 = 8 %.
      // Rain wets beyond the band; only watering must not.
      if (m > z.stop() + 3 && rainInLast(millis, Duration.ofDays(4)) == 0) {
        out.add(z.id() + " too wet " + m + " at " + t);
      }
      if (!lockedOut && m < z.start() - 8) out.add(z.id() + " too dry " + m + " at " + t);
    }
  }

  /** Cumulative rain in mm at the start of each minute of the week, computed once. */
  private static final double[] RAIN_TOTAL = new double[8 * 24 * 60 + 1];

  static {
    for (int i = 1; i < RAIN_TOTAL.length; i++) {
      RAIN_TOTAL[i] = RAIN_TOTAL[i - 1] + rain(START.toEpochMilli() + (i - 1) * 60_000L) / 60;
    }
  }

  private static double rainInLast(long millis, Duration window) {
    int now = (int) ((millis - START.toEpochMilli()) / 60_000L);
    int from = (int) Math.max(0, now - window.toMinutes());
    return RAIN_TOTAL[now] - RAIN_TOTAL[from];
  }

  @Test
  void windowsInTheConfigAreTheOnesChecked() throws Exception {
    GatewayConfig config = ConfigLoader.parse("week.yaml", CONFIG, Path.of("/tmp"), Path.of("/tmp/week.yaml"), false);
    assertEquals(List.of(TimeWindow.parse("21:00-06:00")), config.zones().get(0).windows());
  }
}
