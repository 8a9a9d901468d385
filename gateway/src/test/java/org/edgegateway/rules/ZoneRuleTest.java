// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.edgegateway.config.ConfigException;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.junit.jupiter.api.Test;

class ZoneRuleTest {
  static final long S = 1_000_000_000L;
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  final ZoneState st = new ZoneState();
  long now = 1000 * S;
  ZonedDateTime local = ZonedDateTime.of(2026, 6, 1, 23, 0, 0, 0, BERLIN);
  boolean valveOpen;

  static GatewayConfig.Zone zone(String extra) throws ConfigException {
    String y = "gateway: {id: gw, site: s, time-zone: Europe/Berlin}\n"
        + "valves: [{id: v, type: simulated}]\n"
        + "sensors:\n  - {id: soil, type: sim-soil, valve: v}\n  - {id: air, type: sim-air}\n"
        + "  - {id: rain, type: sim-rain}\n"
        + "zones:\n  - {id: z, valve: v, moisture: [soil.moisture], " + extra + "}\n";
    return ConfigLoader.parse("t.yaml", y, Path.of("/tmp"), Path.of("/tmp/t.yaml"), false).zones().get(0);
  }

  Decision step(GatewayConfig.Zone z, double moisture) {
    return step(z, moisture, Double.NaN, Double.NaN);
  }

  /** One tick of one second; the valve follows the decision as the safety layer would. */
  Decision step(GatewayConfig.Zone z, double moisture, double rainMm, double air) {
    now += S;
    local = local.plusSeconds(1);
    Decision d = ZoneRule.step(z, st, new ZoneInputs(moisture, valveOpen, local, Double.NaN, rainMm, air), now, S);
    valveOpen = d.open();
    return d;
  }

  @Test
  void aZoneThatKeepsItsWishReturnsTheSameDecisionAtEveryTick() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 0s, max-run: 1h");
    Decision idle = step(z, 23);
    assertSame(idle, step(z, 23.5), "no new object per tick while nothing changes");
    Decision watering = step(z, 15);
    assertNotSame(idle, watering);
    assertTrue(watering.open());
  }

  @Test
  void startsBelowStartAndStopsOnlyAtStopAbove() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 0s, max-run: 1h");
    assertFalse(step(z, 21).open(), "above start: no need");
    assertTrue(step(z, 19.9).open());
    assertTrue(step(z, 23).open(), "between start and stop: keeps watering (hysteresis)");
    assertTrue(step(z, 25.9).open());
    assertFalse(step(z, 26).open());
    assertFalse(step(z, 23).open(), "between the thresholds again: stays idle");
  }

  @Test
  void tensionZonesWaterWhenTensionRisesAboveStart() throws ConfigException {
    GatewayConfig.Zone z = zone("sense: tension, start-above: 80, stop-below: 32, min-run: 0s");
    assertFalse(step(z, 60).open());
    assertTrue(step(z, 81).open());
    assertTrue(step(z, 40).open());
    assertFalse(step(z, 31).open());
  }

  @Test
  void runsAtLeastMinRunEvenWhenTheSoilReadsWetEarly() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 5s, max-run: 1h");
    assertTrue(step(z, 19).open());
    for (int i = 0; i < 4; i++) assertTrue(step(z, 30).open(), "tick " + i);
    assertFalse(step(z, 30).open());
  }

  @Test
  void cycleAndSoakAlternatesRunAndPauseUntilWet() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 0s, max-run: 3s, soak: 5s");
    int opened = 0;
    StringBuilder pattern = new StringBuilder();
    for (int i = 0; i < 16; i++) pattern.append(step(z, 15).open() ? 'R' : '.');
    for (char c : pattern.toString().toCharArray()) if (c == 'R') opened++;
    // The valve opens on the first tick and has run 3 s by the fourth; then 5 s of soak, then the next cycle.
    assertEquals("RRR.....RRR.....", pattern.toString());
    assertEquals(6, opened);
  }

  @Test
  void neverStartsOutsideItsWindowsAndStopsWhenTheWindowCloses() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 0s, max-run: 2h, windows: ['22:00-06:00']");
    local = ZonedDateTime.of(2026, 6, 1, 21, 59, 58, 0, BERLIN);
    assertFalse(step(z, 10).open(), "21:59:59");
    assertTrue(step(z, 10).open(), "22:00:00 is inside");
    local = ZonedDateTime.of(2026, 6, 2, 5, 59, 58, 0, BERLIN);
    assertTrue(step(z, 10).open(), "05:59:59");
    assertFalse(step(z, 10).open(), "06:00:00 is outside");
    assertTrue(st.reason().contains("outside watering windows"), st.reason());
  }

  @Test
  void nightWindowWorksAcrossTheSpringForwardNight() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 0s, max-run: 4h, daily-max-run: 24h,"
        + " windows: ['01:00-03:30']");
    // 2026-03-29: at 02:00 CET the clocks jump to 03:00 CEST: 01:00-02:00 CET and 03:00-03:30 CEST, 1.5 real hours.
    local = ZonedDateTime.of(2026, 3, 29, 0, 59, 59, 0, BERLIN);
    int open = 0;
    for (int i = 0; i < 4 * 3600; i++) if (step(z, 10).open()) open++;
    assertEquals(90 * 60, open, "seconds watered in the shortened night window");
  }

  @Test
  void nightWindowWorksAcrossTheFallBackNight() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 0s, max-run: 4h, daily-max-run: 24h,"
        + " windows: ['01:00-03:30']");
    // 2026-10-25: at 03:00 CEST the clocks go back to 02:00 CET: 01:00-03:00 CEST and 02:00-03:30 CET, 3.5 hours.
    local = ZonedDateTime.of(2026, 10, 25, 0, 59, 59, 0, BERLIN);
    int open = 0;
    for (int i = 0; i < 5 * 3600; i++) if (step(z, 10).open()) open++;
    assertEquals(210 * 60, open, "seconds watered in the lengthened night window");
  }

  @Test
  void dailyRunCapStopsWateringUntilTheNextDay() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 0s, max-run: 1h, daily-max-run: 1m");
    local = ZonedDateTime.of(2026, 6, 1, 23, 58, 0, 0, BERLIN);
    int open = 0;
    for (int i = 0; i < 119; i++) if (step(z, 10).open()) open++;
    assertEquals(60, open, "one minute of the cap on day one");
    assertTrue(st.reason().contains("daily run cap"), st.reason());
    assertTrue(step(z, 10).open(), "00:00:00 the next day: the cap is reset");
  }

  @Test
  void rainSkipAndFrostLockoutPreventWatering() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 0s,"
        + " rain-skip: {channel: rain.total, above: 2, window: 24h},"
        + " frost-lockout: {channel: air.temperature, below: 3}");
    assertFalse(step(z, 10, 2.5, 15).open(), "rain");
    assertTrue(st.reason().contains("rain skip"), st.reason());
    assertFalse(step(z, 10, 0, 2.9).open(), "frost");
    assertTrue(st.reason().contains("frost"), st.reason());
    assertFalse(step(z, 10, 0, Double.NaN).open(), "no air temperature: treated as possible frost");
    assertTrue(step(z, 10, 0.5, 12).open());
    assertFalse(step(z, 10, 3, 12).open(), "rain stops a running zone");
  }

  @Test
  void staleSensorSkipsOrFallsBackToTheSchedule() throws ConfigException {
    GatewayConfig.Zone skip = zone("start-below: 20, stop-above: 26");
    assertFalse(step(skip, Double.NaN).open());
    assertTrue(st.reason().contains("fallback: skip"), st.reason());

    ZoneState fresh = new ZoneState();
    GatewayConfig.Zone sched = zone("start-below: 20, stop-above: 26,"
        + " fallback: {mode: schedule, at: '23:00', run: 2m}");
    ZonedDateTime t = ZonedDateTime.of(2026, 6, 1, 22, 59, 59, 0, BERLIN);
    int open = 0;
    boolean valve = false;
    for (int i = 0; i < 600; i++) {
      t = t.plusSeconds(1);
      now += S;
      valve = ZoneRule.step(sched, fresh, new ZoneInputs(Double.NaN, valve, t, Double.NaN, Double.NaN, Double.NaN),
          now, S).open();
      if (valve) open++;
    }
    assertEquals(120, open, "one scheduled run of 2 minutes");
  }

  @Test
  void aClockThatIsNotPlausibleStartsNoWatering() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26");
    now += S;
    Decision d = ZoneRule.step(z, st, new ZoneInputs(10, false, null, Double.NaN, Double.NaN, Double.NaN), now, S);
    assertFalse(d.open());
    assertTrue(d.reason().contains("clock not synchronised"), d.reason());
  }

  @Test
  void manualRunOverridesNeedAndEndsAfterItsGrantedOpenTime() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26");
    ManualRuns.start(st, 3 * S, "manual run by test", now);
    assertTrue(step(z, 40).open(), "opens although wet");
    assertTrue(step(z, 40).open());
    assertTrue(step(z, 40).open());
    assertFalse(step(z, 40).open(), "over after 3 s of open time");
    ManualRuns.hold(st, now + 3 * S, "held by test");
    assertFalse(step(z, 5).open(), "held closed although dry");
  }

  @Test
  void maxRunBoundsTheValvesOpeningWhenAManualRunContinuesAnAutomaticOne() throws ConfigException {
    GatewayConfig.Zone z = zone("start-below: 20, stop-above: 26, min-run: 1s, max-run: 10s, soak: 5s");
    int open = 0;
    for (int i = 0; i < 5; i++) if (step(z, 10).open()) open++;
    ManualRuns.start(st, 60 * S, "manual run by test", now);
    while (step(z, 10).open()) open++;
    assertEquals(10, open, "one episode of at most max-run, however it is driven");
    assertEquals(ZoneState.Phase.SOAKING, st.phase());
    assertFalse(st.manualActive(), "the manual run ended with the episode");
  }
}
