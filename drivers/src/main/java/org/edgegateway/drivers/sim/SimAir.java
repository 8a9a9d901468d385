// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.sim;

import java.util.List;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;

/** Air temperature from the simulated weather, at 0.01 °C resolution. */
public final class SimAir implements Sensor {
  private final SimWorld world;

  public SimAir(SimWorld world) {
    this.world = world;
  }

  @Override
  public List<Sample> read() {
    return List.of(new Sample("temperature", Math.round(world.airTemperature(world.nowMillis()) * 100) / 100.0,
        "Cel"));
  }
}
