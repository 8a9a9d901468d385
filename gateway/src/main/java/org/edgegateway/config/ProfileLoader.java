// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Finds and reads Modbus profiles by name: first {@code profiles/<name>.yaml} beside the config file (a site's
 * own or corrected profile), then the profiles shipped in the jar. Problems in a profile name the profile file.
 */
final class ProfileLoader {
  private static final List<String> TYPES = List.of("int16", "uint16", "int32", "uint32", "float32");

  private final Path configDir;
  private final Problems problems;
  private final Map<String, ModbusProfile> cache = new HashMap<>();

  ProfileLoader(Path configDir, Problems problems) {
    this.configDir = configDir;
    this.problems = problems;
  }

  /** The profile, or null (with a problem reported against {@code m.key}) when absent or invalid. */
  ModbusProfile load(String name, YamlMap m, String key) {
    if (cache.containsKey(name)) return cache.get(name);
    String text;
    String file = name + ".yaml";
    Path local = configDir.resolve("profiles").resolve(file);
    try {
      if (Files.isReadable(local)) {
        text = Files.readString(local, StandardCharsets.UTF_8);
      } else {
        try (InputStream in = ProfileLoader.class.getResourceAsStream("/profiles/" + file)) {
          if (in == null) {
            m.problem(key, "no profile '" + name + "' (looked for " + local + " and the built-in profiles); "
                + "allowed: " + String.join(", ", BuiltInProfiles.names()));
            return null;
          }
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      m.problem(key, "cannot read profile '" + name + "': " + e.getMessage());
      return null;
    }
    ModbusProfile p = parse(name, "profiles/" + file, text);
    cache.put(name, p);
    if (p == null) m.problem(key, "profile '" + name + "' has errors (listed under profiles/" + file + ")");
    return p;
  }

  private ModbusProfile parse(String name, String file, String text) {
    Problems local = new Problems(file);
    ModbusProfile p = parse(name, file, text, local);
    problems.addAll(local.errors());
    return local.isEmpty() ? p : null;
  }

  static ModbusProfile parse(String name, String file, String text, Problems local) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new java.io.StringReader(text));
    } catch (MarkedYAMLException e) {
      local.add(e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1, "", "not valid YAML: "
          + e.getProblem());
      return null;
    }
    YamlMap top = new YamlMap(root, "", local);
    String declared = top.requiredString("profile", "the profile's name, the same as its file name");
    if (declared != null && !declared.equals(name)) {
      top.problem("profile", "'" + declared + "' does not match the file name; allowed: " + name);
    }
    String description = top.string("description", "");
    int baud = 9600;
    int dataBits = 8;
    String parity = "none";
    int stopBits = 1;
    YamlMap d = top.map("defaults");
    if (d != null) {
      baud = d.integer("baud", baud, 1200, 115200);
      dataBits = d.integer("data-bits", dataBits, 7, 8);
      parity = d.choice("parity", parity, List.of("none", "even", "odd"));
      stopBits = d.integer("stop-bits", stopBits, 1, 2);
      d.finish();
    }
    List<ModbusProfile.Register> regs = new ArrayList<>();
    for (YamlMap r : top.maps("registers")) regs.add(register(r));
    if (regs.isEmpty()) top.missing("registers", "a list of registers with quantity, function, register, type");
    top.finish();
    return new ModbusProfile(name, description, baud, dataBits, parity, stopBits, List.copyOf(regs));
  }

  private static ModbusProfile.Register register(YamlMap r) {
    String quantity = r.id("quantity", true);
    int function = r.integer("function", 3, 3, 4);
    int address = r.integer("register", -1, 0, 65535);
    if (address < 0 && !r.has("register")) r.missing("register", "the register address, 0 to 65535");
    String type = r.choice("type", "uint16", TYPES);
    String order = r.choice("word-order", "big", List.of("big", "little"));
    double scale = r.number("scale", 1, -1e9, 1e9);
    double offset = r.number("offset", 0, -1e9, 1e9);
    String unit = r.requiredString("unit", "a SenML unit such as Cel, %, %RH, kPa, uS/cm");
    double[] valid = r.range("valid");
    r.finish();
    return new ModbusProfile.Register(quantity, function, address, type, order, scale, offset, unit,
        valid == null ? -Double.MAX_VALUE : valid[0], valid == null ? Double.MAX_VALUE : valid[1]);
  }
}
