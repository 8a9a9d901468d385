// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.sim;

import java.util.List;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;

/**
 * Soil moisture (read as a ratio m3/m3; internally % VWC) under one valve: dries at {@code dryPerHour} at 20 °C
 * (faster when hotter, slower when cooler), wets at {@code wetPerHour} while the valve is open and by 1.5 % per
 * mm of rain; stays within 5 to 45 %.
 */
public final class SimSoil implements Sensor {
  private static final double MIN = 5;
  private static final double MAX = 45;

  private final SimWorld world;
  private final SimValve valve;
  private final double dryPerHour;
  private final double wetPerHour;
  private double moisture;
  private long lastMillis;
  private long lastValveMillis;

  public SimSoil(SimWorld world, SimValve valve, double initial, double dryPerHour, double wetPerHour) {
    this.world = world;
    this.valve = valve;
    this.moisture = initial;
    this.dryPerHour = dryPerHour;
    this.wetPerHour = wetPerHour;
    this.lastMillis = world.nowMillis();
    this.lastValveMillis = valve.openMillis();
  }

  /** The moisture now, advancing the simulation to the world's clock. */
  public synchronized double moisture() {
    long now = world.nowMillis();
    if (now > lastMillis) {
      double hours = (now - lastMillis) / 3_600_000.0;
      double heat = Math.max(0.1, 1 + (world.airTemperature(now) - 20) * 0.05);
      long valveMillis = valve.openMillis();
      double watered = (valveMillis - lastValveMillis) / 3_600_000.0 * wetPerHour;
      double rain = world.rainBetween(lastMillis, now) * 1.5;
      moisture = Math.max(MIN, Math.min(MAX, moisture - dryPerHour * heat * hours + watered + rain));
      lastMillis = now;
      lastValveMillis = valveMillis;
    }
    return moisture;
  }

  @Override
  public List<Sample> read() {
    // As a ratio (m3/m3), SenML's primary unit for volumetric water content, like the Modbus probe profiles.
    return List.of(new Sample("moisture", Math.round(moisture() * 100) / 10_000.0, "/"));
  }
}
