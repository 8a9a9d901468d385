// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgegateway.config.Driver;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;
import org.edgegateway.drivers.gpio.DigitalSource;
import org.edgegateway.drivers.gpio.Pi4jHardware;
import org.edgegateway.drivers.gpio.PulseMeter;
import org.edgegateway.drivers.gpio.PulseSource;
import org.edgegateway.drivers.i2c.Ads1115;
import org.edgegateway.drivers.i2c.Ads1115Channel;
import org.edgegateway.drivers.i2c.Bme280;
import org.edgegateway.drivers.i2c.TwoPointCalibration;
import org.edgegateway.drivers.onewire.Ds18b20;
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
  private final Map<String, Ads1115> adcs = new LinkedHashMap<>();
  private Pi4jHardware pi;

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
        valves.put(v.id(), pi().valve(v.id(), v.pin(), v.activeLow()));
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
    Sensor real = gpioOrI2c(s, d);
    if (real != null) return real;
    if (d instanceof Driver.SimRain r) return new SimRainGauge(world, r.mmPerPulse());
    if (d instanceof Driver.SimFlow f) return new SimFlowMeter(world, f.litresPerMinutePerValve(), f.mmPerPulse());
    throw new IOException("sensor " + s.id() + ": type " + d.type() + " is not supported in this build yet");
  }

  private Sensor gpioOrI2c(GatewayConfig.Sensor s, Driver d) throws IOException {
    if (d instanceof Driver.Pulse p) {
      PulseSource src = pi().pulseCounter(s.id(), p.pin(), true, Pi4jHardware.Pull.UP, p.debounce());
      return new PulseMeter(src, "mm".equals(p.unit()) ? PulseMeter.Kind.RAIN : PulseMeter.Kind.FLOW, p.perPulse(),
          p.rateWindow(), System::nanoTime);
    }
    if (d instanceof Driver.DigitalIn in) {
      DigitalSource src = pi().digitalInput(s.id(), in.pin(), in.activeLow(), Pi4jHardware.Pull.UP, in.debounce());
      return () -> List.of(new Sample("state", src.isActive() ? 1 : 0, ""));
    }
    if (d instanceof Driver.Bme280 b) return new Bme280(s.id(), pi().i2c(i2cBus(s), b.address()));
    if (d instanceof Driver.Ads1115 a) {
      int bus = i2cBus(s);
      Ads1115 adc = adcs.get(bus + ":" + a.address());
      if (adc == null) {
        adc = new Ads1115(s.id(), pi().i2c(bus, a.address()));
        adcs.put(bus + ":" + a.address(), adc);
      }
      Ads1115.Gain gain = java.util.Arrays.stream(Ads1115.Gain.values())
          .filter(g -> Math.abs(g.lsbVolts() * 32768 - a.gainVolts()) < 1e-9).findFirst().orElseThrow();
      if (a.points() == null) return new Ads1115Channel(adc, a.channel(), gain);
      TwoPointCalibration cal = new TwoPointCalibration(a.points()[0][0], a.points()[0][1], a.points()[1][0],
          a.points()[1][1], true);
      return new Ads1115Channel(adc, a.channel(), gain, cal, a.quantity(), a.unit());
    }
    if (d instanceof Driver.Ds18b20 t) {
      GatewayConfig.Bus bus = bus(s);
      return new Ds18b20(s.id(), bus.w1Path(), t.device());
    }
    return null;
  }

  private GatewayConfig.Bus bus(GatewayConfig.Sensor s) {
    return config.buses().stream().filter(b -> b.id().equals(s.bus())).findFirst().orElseThrow();
  }

  private int i2cBus(GatewayConfig.Sensor s) {
    return bus(s).i2cBus();
  }

  /** The Raspberry Pi's GPIO and I2C, opened on first use; fails loudly where there is no GPIO chip. */
  private Pi4jHardware pi() throws IOException {
    if (pi == null) pi = Pi4jHardware.openRaspberryPi();
    return pi;
  }

  /** Per Modbus bus: noise bytes, CRC errors and garbled replies since it opened, for the status and check. */
  Map<String, Map<String, Long>> lineNoise() {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    modbusBuses.forEach((id, b) -> {
      var n = b.lineNoise();
      out.put(id, Map.of("noiseBytes", n.noiseBytes(), "crcErrors", n.crcErrors(), "frameErrors", n.frameErrors()));
    });
    return out;
  }

  /** Drives every valve closed and releases the devices; idempotent. */
  @Override
  public void close() {
    valves.values().forEach(ValveOutput::close);
    if (pi != null) pi.close();
    for (ModbusBus b : modbusBuses.values()) {
      try {
        b.close();
      } catch (IOException e) {
        org.tinylog.Logger.warn("closing serial bus: {}", e.getMessage());
      }
    }
  }
}
