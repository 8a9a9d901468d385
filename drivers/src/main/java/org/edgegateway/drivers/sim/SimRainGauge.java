// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.sim;

import java.util.List;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;

/**
 * A tipping-bucket rain gauge under the simulated weather: the total counts whole buckets of {@code mmPerPulse}
 * since the gauge was created; the rate is the current intensity in mm/h.
 */
public final class SimRainGauge implements Sensor {
  private final SimWorld world;
  private final double mmPerPulse;
  private final long startMillis;
  private long lastMillis;
  private double fallen;

  public SimRainGauge(SimWorld world, double mmPerPulse) {
    this.world = world;
    this.mmPerPulse = mmPerPulse;
    this.startMillis = world.nowMillis();
    this.lastMillis = startMillis;
  }

  @Override
  public synchronized List<Sample> read() {
    long now = world.nowMillis();
    if (now > lastMillis) {
      fallen += world.rainBetween(lastMillis, now);
      lastMillis = now;
    }
    double total = Math.floor(fallen / mmPerPulse + 1e-9) * mmPerPulse;
    return List.of(new Sample("total", Math.round(total * 1000) / 1000.0, "mm"),
        new Sample("rate", Math.round(world.rainRate(now) * 100) / 100.0, "mm/h"));
  }
}
