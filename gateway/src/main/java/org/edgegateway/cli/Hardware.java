// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgegateway.config.Driver;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.drivers.Sensor;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.drivers.sim.SimAir;
import org.edgegateway.drivers.sim.SimFlowMeter;
import org.edgegateway.drivers.sim.SimRainGauge;
import org.edgegateway.drivers.sim.SimSoil;
import org.edgegateway.drivers.sim.SimValve;
import org.edgegateway.drivers.sim.SimWorld;

/**
 * Creates the devices a config names: the only place that knows which driver class serves which config type.
 * Valves are driven closed as they are created. Closing it closes every device it made.
 */
final class Hardware implements AutoCloseable {
  private final GatewayConfig config;
  private final SimWorld world;
  private final Map<String, ValveOutput> valves = new LinkedHashMap<>();
  private final Map<String, SimValve> simValves = new LinkedHashMap<>();
  private final Map<String, ModbusBus> modbusBuses = new LinkedHashMap<>();

  Hardware(GatewayConfig config, Clock clock) {
    this.config = config;
    GatewayConfig.Simulation sim = config.simulation();
    double showers = config.sensors().stream().map(GatewayConfig.Sensor::driver)
        .filter(d -> d instanceof Driver.SimRain).mapToDouble(d -> ((Driver.SimRain) d).showersPerDay())
        .findFirst().orElse(0);
    this.world = new SimWorld(clock.withZone(config.gateway().timeZone()), sim.seed(), sim.meanTemperature(),
        sim.dailySwing(), showers);
  }

  SimWorld world() {
    return world;
  }

  /** Every valve of the config, created and driven closed. */
  Map<String, ValveOutput> valves() throws IOException {
    for (GatewayConfig.Valve v : config.valves()) {
      if (valves.containsKey(v.id())) continue;
      if ("simulated".equals(v.type())) {
        SimValve s = world.newValve(v.id());
        simValves.put(v.id(), s);
        valves.put(v.id(), s);
      } else {
        throw new IOException("valve " + v.id() + ": GPIO valves are not supported in this build yet");
      }
    }
    return valves;
  }

  Sensor sensor(GatewayConfig.Sensor s) throws IOException {
    Driver d = s.driver();
    if (d instanceof Driver.SimSoil soil) {
      SimValve valve = simValves.get(soil.valve());
      if (valve == null) throw new IOException("sensor " + s.id() + ": valve " + soil.valve() + " is not simulated");
      return new SimSoil(world, valve, soil.initial(), soil.dryPerHour(), soil.wetPerHour());
    }
    if (d instanceof Driver.Modbus mb) {
      GatewayConfig.Bus bus = config.buses().stream().filter(b -> b.id().equals(s.bus())).findFirst().orElseThrow();
      return modbusBuses.computeIfAbsent(bus.id(), id -> new ModbusBus(bus, System::nanoTime))
          .sensor(s.id(), mb.slave(), mb.profile());
    }
    if (d instanceof Driver.SimAir) return new SimAir(world);
    if (d instanceof Driver.SimRain r) return new SimRainGauge(world, r.mmPerPulse());
    if (d instanceof Driver.SimFlow f) return new SimFlowMeter(world, f.litresPerMinutePerValve(), f.mmPerPulse());
    throw new IOException("sensor " + s.id() + ": type " + d.type() + " is not supported in this build yet");
  }

  /** Drives every valve closed and releases the devices; idempotent. */
  @Override
  public void close() {
    valves.values().forEach(ValveOutput::close);
    for (ModbusBus b : modbusBuses.values()) {
      try {
        b.close();
      } catch (IOException e) {
        org.tinylog.Logger.warn("closing serial bus: {}", e.getMessage());
      }
    }
  }
}
