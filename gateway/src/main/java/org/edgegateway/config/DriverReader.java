// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Reads the type-specific keys of one sensor into its {@link Driver} record. */
final class DriverReader {
  private static final List<String> GAINS = List.of("6.144", "4.096", "2.048", "1.024", "0.512", "0.256");

  private final YamlMap m;
  private final ProfileLoader profiles;
  private final Set<String> valveIds;

  DriverReader(YamlMap m, ProfileLoader profiles, Set<String> valveIds) {
    this.m = m;
    this.profiles = profiles;
    this.valveIds = valveIds;
  }

  /** The driver, or null when a required key is missing or wrong (already reported). */
  Driver read(String type) {
    return switch (type) {
      case "modbus" -> modbus();
      case "bme280" -> new Driver.Bme280(m.integer("address", 0x76, 0x76, 0x77));
      case "ads1115" -> ads1115();
      case "ds18b20" -> ds18b20();
      case "pulse" -> pulse();
      case "digital-in" -> new Driver.DigitalIn(pin(), m.bool("active-low", true), debounce(Duration.ofMillis(50)));
      case "sim-soil" -> simSoil();
      case "sim-air" -> new Driver.SimAir();
      case "sim-rain" -> new Driver.SimRain(m.number("showers-per-day", 0.3, 0, 24), 0.2);
      case "sim-flow" -> new Driver.SimFlow(m.number("litres-per-minute", 12, 0.1, 1000), 0.5);
      default -> throw new IllegalStateException("unhandled sensor type " + type);
    };
  }

  private Driver modbus() {
    int slave = m.integer("slave", -1, 1, 247);
    if (slave < 0 && !m.has("slave")) m.missing("slave", "the probe's Modbus address, 1 to 247");
    String name = m.id("profile", true);
    ModbusProfile profile = name == null ? null : profiles.load(name, m, "profile");
    return slave < 0 || profile == null ? null : new Driver.Modbus(slave, profile);
  }

  private Driver ads1115() {
    int address = m.integer("address", 0x48, 0x48, 0x4b);
    int channel = m.integer("channel", 0, 0, 3);
    double gain = Double.parseDouble(m.choice("gain", "4.096", GAINS));
    YamlMap cal = m.map("calibration");
    if (cal == null) return new Driver.Ads1115(address, channel, gain, "voltage", "V", null);
    String quantity = cal.id("quantity", true);
    String unit = cal.requiredString("unit", "the SenML unit of the calibrated value, e.g. % or kPa");
    List<YamlMap> points = cal.maps("points");
    double[][] pts = new double[2][];
    if (points.size() != 2) {
      cal.problem("points", points.size() + " points given; allowed: exactly two, e.g. "
          + "[{volts: 2.8, value: 0}, {volts: 1.2, value: 45}]");
    } else {
      for (int i = 0; i < 2; i++) {
        YamlMap p = points.get(i);
        pts[i] = new double[] {p.number("volts", Double.NaN, -6.144, 6.144), p.number("value", Double.NaN, -1e9, 1e9)};
        if (!p.has("volts")) p.missing("volts", "the voltage read at this point");
        if (!p.has("value")) p.missing("value", "the true value at this point");
        p.finish();
      }
      if (pts[0][0] == pts[1][0]) cal.problem("points", "both points have the same voltage; allowed: two voltages");
    }
    cal.finish();
    return quantity == null || unit == null ? null : new Driver.Ads1115(address, channel, gain, quantity, unit, pts);
  }

  private Driver ds18b20() {
    String device = m.requiredString("device", "the w1 device id, e.g. 28-0000071c2a4b");
    if (device != null && !device.matches("28-[0-9a-f]{12}")) {
      m.problem("device", "'" + device + "' is not a DS18B20 id; allowed: 28- and 12 hex digits (see ls "
          + "/sys/bus/w1/devices)");
      return null;
    }
    return device == null ? null : new Driver.Ds18b20(device);
  }

  private Driver pulse() {
    int pin = pin();
    double perPulse = m.number("per-pulse", Double.NaN, 1e-6, 1e6);
    if (Double.isNaN(perPulse) && !m.has("per-pulse")) m.missing("per-pulse", "the amount per pulse, e.g. 0.2");
    String unit = m.choice("unit", null, List.of("mm", "l"));
    if (unit == null && !m.has("unit")) m.missing("unit", "mm (rain gauge) or l (flow meter)");
    Duration debounce = debounce(Duration.ofMillis(5));
    Duration window = m.duration("rate-window", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(1));
    return pin < 0 || Double.isNaN(perPulse) || unit == null ? null
        : new Driver.Pulse(pin, perPulse, unit, debounce, window);
  }

  private Driver simSoil() {
    String valve = m.id("valve", true);
    if (valve != null && !valveIds.contains(valve)) {
      m.problem("valve", "'" + valve + "' is not a valve defined under 'valves'; allowed: "
          + SensorsReader.allowedIds(List.copyOf(valveIds)));
    }
    double initial = m.number("initial", 25, 0, 60);
    double dry = m.number("dry-per-hour", 0.5, 0, 100);
    double wet = m.number("wet-per-hour", 20, 0, 1000);
    return valve == null ? null : new Driver.SimSoil(valve, initial, dry, wet);
  }

  private int pin() {
    int pin = m.integer("pin", -1, 0, 27);
    if (pin < 0 && !m.has("pin")) m.missing("pin", "the BCM GPIO number, 0 to 27");
    return pin;
  }

  private Duration debounce(Duration fallback) {
    return m.duration("debounce", fallback, Duration.ZERO, Duration.ofSeconds(1));
  }
}
