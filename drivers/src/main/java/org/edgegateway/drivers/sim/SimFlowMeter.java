// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.sim;

import java.util.List;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;

/**
 * A flow meter on the site's supply: {@code litresPerMinute} for each open valve of the world, plus an injectable
 * leak that flows whatever the valves do. Total in litres (whole pulses), rate in l/s.
 */
public final class SimFlowMeter implements Sensor {
  private final SimWorld world;
  private final double litresPerMinute;
  private final double litresPerPulse;
  private long lastMillis;
  private long lastValveMillis;
  private double litres;
  private volatile double leakLitresPerMinute;

  public SimFlowMeter(SimWorld world, double litresPerMinute, double litresPerPulse) {
    this.world = world;
    this.litresPerMinute = litresPerMinute;
    this.litresPerPulse = litresPerPulse;
    this.lastMillis = world.nowMillis();
    this.lastValveMillis = valveMillis();
  }

  /** Starts (or, with 0, stops) a leak of the given size. */
  public void setLeak(double litresPerMinute) {
    this.leakLitresPerMinute = litresPerMinute;
  }

  @Override
  public synchronized List<Sample> read() {
    long now = world.nowMillis();
    long valveMillis = valveMillis();
    litres += (valveMillis - lastValveMillis) / 60_000.0 * litresPerMinute
        + Math.max(0, now - lastMillis) / 60_000.0 * leakLitresPerMinute;
    lastMillis = now;
    lastValveMillis = valveMillis;
    long open = world.valves().stream().filter(SimValve::isOpen).count();
    double rate = (open * litresPerMinute + leakLitresPerMinute) / 60.0;
    double total = Math.floor(litres / litresPerPulse + 1e-9) * litresPerPulse;
    return List.of(new Sample("total", Math.round(total * 1000) / 1000.0, "l"),
        new Sample("rate", Math.round(rate * 10000) / 10000.0, "l/s"));
  }

  private long valveMillis() {
    return world.valves().stream().mapToLong(SimValve::openMillis).sum();
  }
}
