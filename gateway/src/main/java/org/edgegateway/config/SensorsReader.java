// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code buses:} and {@code sensors:}, and derives each sensor's channels. */
final class SensorsReader {
  private static final List<String> BUS_TYPES = List.of("serial", "i2c", "onewire");
  private static final List<String> BAUDS = List.of("1200", "2400", "4800", "9600", "19200", "38400", "57600",
      "115200");

  private final ConfigLoader.Paths paths;
  private final Problems problems;
  private final ProfileLoader profiles;

  SensorsReader(ConfigLoader.Paths paths, Problems problems) {
    this.paths = paths;
    this.problems = problems;
    this.profiles = new ProfileLoader(paths.dir(), problems);
  }

  List<GatewayConfig.Bus> buses(YamlMap top) {
    List<GatewayConfig.Bus> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (YamlMap m : top.maps("buses")) {
      String id = m.id("id", true);
      if (id != null && !ids.add(id)) m.problem("id", "duplicate id '" + id + "'; allowed: an id not used before");
      String type = m.choice("type", null, BUS_TYPES);
      if (type == null && !m.has("type")) m.missing("type", String.join(", ", BUS_TYPES));
      String port = null;
      int baud = 9600;
      int dataBits = 8;
      String parity = "none";
      int stopBits = 1;
      Duration timeout = Duration.ofMillis(500);
      int retries = 2;
      int i2c = 1;
      Path w1 = Path.of("/sys/bus/w1/devices");
      if ("serial".equals(type)) {
        port = m.requiredString("port", "the serial device, e.g. /dev/ttyUSB0 or /dev/serial/by-id/...");
        baud = Integer.parseInt(m.choice("baud", "9600", BAUDS));
        dataBits = m.integer("data-bits", 8, 7, 8);
        parity = m.choice("parity", "none", List.of("none", "even", "odd"));
        stopBits = m.integer("stop-bits", 1, 1, 2);
        timeout = m.duration("timeout", timeout, Duration.ofMillis(10), Duration.ofSeconds(10));
        retries = m.integer("retries", 2, 0, 5);
      } else if ("i2c".equals(type)) {
        i2c = m.integer("number", 1, 0, 20);
      } else if ("onewire".equals(type)) {
        w1 = paths.resolve(m.string("path", w1.toString()));
      }
      m.finish();
      if (id != null && type != null) {
        out.add(new GatewayConfig.Bus(id, type, port, baud, dataBits, parity, stopBits, timeout, retries, i2c, w1));
      }
    }
    return out;
  }

  List<GatewayConfig.Sensor> sensors(YamlMap top, List<GatewayConfig.Bus> buses, Set<String> valveIds) {
    Map<String, GatewayConfig.Bus> busById = new HashMap<>();
    buses.forEach(b -> busById.put(b.id(), b));
    List<GatewayConfig.Sensor> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (YamlMap m : top.maps("sensors")) {
      String id = m.id("id", true);
      if (id != null && !ids.add(id)) m.problem("id", "duplicate id '" + id + "'; allowed: an id not used before");
      String type = m.choice("type", null, Driver.TYPES);
      if (type == null && !m.has("type")) m.missing("type", String.join(", ", Driver.TYPES));
      String bus = busFor(m, type, busById);
      Duration interval = m.duration("interval", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofDays(1));
      Duration stale = m.duration("stale-after", interval.multipliedBy(3), interval, Duration.ofDays(7));
      Driver driver = type == null ? null : new DriverReader(m, profiles, valveIds).read(type);
      List<GatewayConfig.Channel> channels = id == null || driver == null ? List.of() : Channels.of(id, driver);
      channels = applyValid(m, channels);
      m.finish();
      if (id != null && driver != null) out.add(new GatewayConfig.Sensor(id, bus, interval, stale, driver, channels));
    }
    return out;
  }

  /** Checks the {@code bus:} key against what the driver type needs; GPIO and simulated sensors have none. */
  private String busFor(YamlMap m, String type, Map<String, GatewayConfig.Bus> buses) {
    String needed = type == null ? null : switch (type) {
      case "modbus" -> "serial";
      case "bme280", "ads1115" -> "i2c";
      case "ds18b20" -> "onewire";
      default -> null;
    };
    if (needed == null) return null;
    String bus = m.id("bus", false);
    if (bus == null) {
      if (!m.has("bus")) m.missing("bus", "the id of a " + needed + " bus under 'buses'");
      return null;
    }
    GatewayConfig.Bus b = buses.get(bus);
    if (b == null) {
      m.problem("bus", "'" + bus + "' is not a bus defined under 'buses'; allowed: "
          + allowedIds(buses.values().stream().filter(x -> x.type().equals(needed)).map(x -> x.id()).toList()));
    } else if (!b.type().equals(needed)) {
      m.problem("bus", "'" + bus + "' is of type " + b.type() + "; a " + type + " sensor needs a bus of type "
          + needed);
    }
    return bus;
  }

  /** Applies {@code valid: {quantity: [low, high]}} overrides of the channels' fault ranges. */
  private List<GatewayConfig.Channel> applyValid(YamlMap m, List<GatewayConfig.Channel> channels) {
    YamlMap valid = m.map("valid");
    if (valid == null) return channels;
    List<GatewayConfig.Channel> out = new ArrayList<>();
    for (GatewayConfig.Channel c : channels) {
      double[] r = valid.range(c.quantity());
      out.add(r == null ? c : new GatewayConfig.Channel(c.id(), c.sensor(), c.quantity(), c.unit(), r[0], r[1]));
    }
    valid.finish();
    return out;
  }

  static String allowedIds(List<String> ids) {
    return ids.isEmpty() ? "(none defined)" : String.join(", ", ids);
  }
}
