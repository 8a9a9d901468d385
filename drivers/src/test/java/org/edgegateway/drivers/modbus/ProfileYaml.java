// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.edgegateway.drivers.modbus.RegisterSpec.Type;
import org.edgegateway.drivers.modbus.RegisterSpec.WordOrder;
import org.edgegateway.drivers.serial.SerialSettings;

/**
 * Reads the sensor profile files in {@code config/profiles} for tests. Understands only the profile layout: top-level
 * scalars, a flow map for {@code defaults}, and a list of flat maps under {@code registers}; every key must be one
 * of the profile format's keys. The gateway's config loader is the real parser.
 */
final class ProfileYaml {
  static final Set<String> TOP_KEYS = Set.of("profile", "description", "defaults", "registers");
  static final Set<String> DEFAULT_KEYS = Set.of("baud", "data-bits", "parity", "stop-bits");
  static final Set<String> REGISTER_KEYS = Set.of("quantity", "function", "register", "type", "word-order", "scale",
      "offset", "unit", "valid");

  final String name;
  final String description;
  final Map<String, String> defaults;
  final List<Map<String, String>> registers;

  private ProfileYaml(Map<String, String> top, Map<String, String> defaults, List<Map<String, String>> registers) {
    this.name = top.get("profile");
    this.description = top.get("description");
    this.defaults = defaults;
    this.registers = registers;
  }

  static ProfileYaml load(Path file) throws IOException {
    Map<String, String> top = new LinkedHashMap<>();
    Map<String, String> defaults = new LinkedHashMap<>();
    List<Map<String, String>> registers = new ArrayList<>();
    int lineNo = 0;
    for (String raw : Files.readAllLines(file)) {
      lineNo++;
      String line = raw.stripTrailing();
      if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
      String where = file.getFileName() + ":" + lineNo;
      if (line.startsWith("  - ")) {
        registers.add(new LinkedHashMap<>());
        line = "    " + line.substring(4);
      }
      if (line.startsWith("    ")) {
        if (registers.isEmpty()) throw new IllegalArgumentException(where + ": register key outside a list item");
        put(registers.get(registers.size() - 1), line.strip(), REGISTER_KEYS, where);
      } else {
        put(top, line, TOP_KEYS, where);
      }
    }
    String flow = top.getOrDefault("defaults", "");
    if (!flow.startsWith("{") || !flow.endsWith("}")) throw new IllegalArgumentException("defaults not a {map}");
    for (String entry : flow.substring(1, flow.length() - 1).split(",")) {
      put(defaults, entry.strip(), DEFAULT_KEYS, file.getFileName() + " defaults");
    }
    return new ProfileYaml(top, defaults, registers);
  }

  private static void put(Map<String, String> map, String entry, Set<String> allowed, String where) {
    int colon = entry.indexOf(':');
    if (colon < 0) throw new IllegalArgumentException(where + ": not key: value: " + entry);
    String key = entry.substring(0, colon).strip();
    if (!allowed.contains(key)) throw new IllegalArgumentException(where + ": unknown key " + key);
    String value = entry.substring(colon + 1).strip();
    boolean quoted = value.length() >= 2 && value.startsWith("'") && value.endsWith("'");
    if (quoted) value = value.substring(1, value.length() - 1);
    if (map.put(key, value) != null) throw new IllegalArgumentException(where + ": duplicate key " + key);
  }

  /** The profile's default framing on {@code port}. */
  SerialSettings settings(String port) {
    return new SerialSettings(port, Integer.parseInt(defaults.get("baud")),
        Integer.parseInt(defaults.get("data-bits")),
        SerialSettings.Parity.valueOf(defaults.get("parity").toUpperCase(Locale.ROOT)),
        Integer.parseInt(defaults.get("stop-bits")));
  }

  List<RegisterSpec> specs() {
    List<RegisterSpec> specs = new ArrayList<>();
    for (Map<String, String> r : registers) {
      if (!r.keySet().equals(REGISTER_KEYS)) throw new IllegalArgumentException(name + ": keys " + r.keySet());
      String valid = r.get("valid");
      String[] bounds = valid.substring(1, valid.length() - 1).split(",");
      specs.add(new RegisterSpec(r.get("quantity"), Integer.parseInt(r.get("function")),
          Integer.parseInt(r.get("register")), Type.of(r.get("type")), WordOrder.of(r.get("word-order")),
          Double.parseDouble(r.get("scale")), Double.parseDouble(r.get("offset")), r.get("unit"),
          Double.parseDouble(bounds[0].strip()), Double.parseDouble(bounds[1].strip())));
    }
    return specs;
  }
}
