// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongToDoubleFunction;

/**
 * The simulated site: weather (a daily air-temperature curve and showers) and the valves that water it, driven by
 * an injected clock and deterministic for a seed, so the demo and the rule tests can run a week in seconds.
 * Tests may override the weather with their own trace ({@link #setTemperatureTrace}, {@link #setRainTrace}).
 */
public final class SimWorld {
  private final Clock clock;
  private final long seed;
  private final double meanTemperature;
  private final double dailySwing;
  private final double showersPerDay;
  private final ZoneId zone;
  private final List<SimValve> valves = new ArrayList<>();
  private volatile TemperatureTrace temperatureTrace;
  private volatile LongToDoubleFunction rainTrace;

  /** {@code showersPerDay}: mean number of one-hour showers a day (intensity 0.5 to 4 mm/h). */
  public SimWorld(Clock clock, long seed, double meanTemperature, double dailySwing, double showersPerDay) {
    this.clock = clock;
    this.seed = seed;
    this.meanTemperature = meanTemperature;
    this.dailySwing = dailySwing;
    this.showersPerDay = showersPerDay;
    this.zone = clock.getZone();
  }

  public Clock clock() {
    return clock;
  }

  public long nowMillis() {
    return clock.millis();
  }

  /** Creates a simulated valve belonging to this world (the flow meter sees it). */
  public synchronized SimValve newValve(String id) {
    SimValve v = new SimValve(id, clock);
    valves.add(v);
    return v;
  }

  public synchronized List<SimValve> valves() {
    return List.copyOf(valves);
  }

  /** Air temperature in °C at an instant: warmest at 15:00, coolest at 03:00, plus a little seeded noise. */
  public double airTemperature(long millis) {
    TemperatureTrace t = temperatureTrace;
    if (t != null) return t.at(millis);
    ZonedDateTime local = Instant.ofEpochMilli(millis).atZone(zone);
    double hour = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
    double curve = Math.sin((hour - 9) / 24.0 * 2 * Math.PI);
    double noise = (unit(millis / 600_000L, 7) - 0.5) * 0.6; // changes every 10 minutes
    return meanTemperature + dailySwing * curve + noise;
  }

  /** Rain intensity in mm/h at an instant (0 between showers). */
  public double rainRate(long millis) {
    LongToDoubleFunction r = rainTrace;
    if (r != null) return r.applyAsDouble(millis);
    long hour = Math.floorDiv(millis, 3_600_000L);
    if (unit(hour, 11) >= showersPerDay / 24.0) return 0;
    return 0.5 + 3.5 * unit(hour, 13);
  }

  /** Rain in mm that fell in [from, to), integrated minute by minute. */
  public double rainBetween(long fromMillis, long toMillis) {
    double mm = 0;
    for (long t = fromMillis; t < toMillis; t += 60_000L) {
      long step = Math.min(60_000L, toMillis - t);
      mm += rainRate(t) * step / 3_600_000.0;
    }
    return mm;
  }

  public void setTemperatureTrace(TemperatureTrace trace) {
    this.temperatureTrace = trace;
  }

  /** Rain intensity in mm/h as a function of epoch millis. */
  public void setRainTrace(LongToDoubleFunction mmPerHourAt) {
    this.rainTrace = mmPerHourAt;
  }

  /** A uniform number in [0, 1) from the seed, a position and a stream; the same inputs give the same number. */
  double unit(long position, long stream) {
    long z = seed * 0x9E3779B97F4A7C15L + position * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  /** Air temperature as a function of epoch millis, for weather scenarios in tests. */
  @FunctionalInterface
  public interface TemperatureTrace {
    double at(long millis);
  }
}
