// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read by key, with the key path and line of every value at hand. Each accessor reports a problem
 * (and returns a harmless fallback, so reading goes on and every problem of the file is found) when the value is
 * missing, of the wrong kind or out of range. {@link #finish()} reports the keys nobody asked for.
 */
final class YamlMap {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final String ID_FORM = "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit";

  private final Node node;
  private final String path;
  private final Problems problems;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  private final Set<String> asked = new LinkedHashSet<>();

  YamlMap(Node node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
    if (node instanceof MappingNode mapping) {
      for (NodeTuple t : mapping.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
        if (key == null) {
          problems.add(t.getKeyNode(), path, "a key must be a plain word");
        } else if (entries.containsKey(key)) {
          problems.add(t.getKeyNode(), path(key), "duplicate key; each key may appear once in a section");
        } else {
          entries.put(key, t);
        }
      }
    } else if (node != null && !isNull(node)) {
      problems.add(node, path, "expected a section of 'key: value' lines, got " + describe(node));
    }
  }

  String path() {
    return path;
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  Problems problems() {
    return problems;
  }

  /** The line of this section (1-based), for problems about the section as a whole. */
  int line() {
    return node == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** The line of a key's value, or of the section when the key is absent. */
  int line(String key) {
    NodeTuple t = entries.get(key);
    return t == null ? line() : t.getValueNode().getStartMark().getLine() + 1;
  }

  boolean has(String key) {
    asked.add(key);
    NodeTuple t = entries.get(key);
    return t != null && !isNull(t.getValueNode());
  }

  Node value(String key) {
    asked.add(key);
    NodeTuple t = entries.get(key);
    return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
  }

  void problem(String key, String problem) {
    problems.add(line(key), path(key), problem);
  }

  /** Reports a required key that is absent, saying what it should hold. */
  void missing(String key, String what) {
    problems.add(line(), path(key), "missing; required: " + what);
  }

  String string(String key, String fallback) {
    Node v = value(key);
    if (v == null) return fallback;
    if (!(v instanceof ScalarNode s)) {
      problem(key, "expected a single value, got " + describe(v));
      return fallback;
    }
    return s.getValue();
  }

  String requiredString(String key, String what) {
    String s = string(key, null);
    if (s == null && !entriesHasWrongKind(key)) missing(key, what);
    return s;
  }

  String id(String key, boolean required) {
    String s = required ? requiredString(key, "an id of " + ID_FORM) : string(key, null);
    if (s != null && !ID.matcher(s).matches()) {
      problem(key, "'" + s + "' is not a valid id; allowed: " + ID_FORM);
      return null;
    }
    return s;
  }

  Duration duration(String key, Duration fallback, Duration min, Duration max) {
    String s = string(key, null);
    if (s == null) return fallback;
    Duration d = Units.duration(s);
    if (d == null) {
      problem(key, "'" + s + "' is not a duration; allowed: " + Units.DURATION_FORM);
      return fallback;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problem(key, s + " is out of range; allowed: " + Units.format(min) + " to " + Units.format(max));
      return fallback;
    }
    return d;
  }

  long size(String key, long fallback, long min, long max) {
    String s = string(key, null);
    if (s == null) return fallback;
    Long n = Units.size(s);
    if (n == null) {
      problem(key, "'" + s + "' is not a size; allowed: " + Units.SIZE_FORM);
      return fallback;
    }
    if (n < min || n > max) {
      problem(key, s + " is out of range; allowed: " + min + " to " + max + " bytes");
      return fallback;
    }
    return n;
  }

  /** A number in [min, max]; NaN as fallback means "optional, absent". */
  double number(String key, double fallback, double min, double max) {
    String s = string(key, null);
    if (s == null) return fallback;
    double v;
    try {
      v = Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      problem(key, "'" + s + "' is not a number; allowed: a number from "
          + Units.formatNumber(min) + " to " + Units.formatNumber(max));
      return fallback;
    }
    if (!(v >= min && v <= max)) {
      problem(key, s + " is out of range; allowed: " + Units.formatNumber(min) + " to " + Units.formatNumber(max));
      return fallback;
    }
    return v;
  }

  /** Like {@link #number}, but {@code 15%} means 0.15 (for thresholds on ratio channels such as soil moisture). */
  double numberOrPercent(String key, double fallback, double min, double max) {
    String s = string(key, null);
    if (s == null || !s.trim().endsWith("%")) return number(key, fallback, min, max);
    String digits = s.trim().substring(0, s.trim().length() - 1).trim();
    try {
      double v = Double.parseDouble(digits) / 100;
      if (v >= min && v <= max) return v;
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    problem(key, "'" + s + "' is not a number or percentage in range; allowed: " + Units.formatNumber(min) + " to "
        + Units.formatNumber(max) + ", or a percentage such as 15%");
    return fallback;
  }

  int integer(String key, int fallback, int min, int max) {
    String s = string(key, null);
    if (s == null) return fallback;
    long v;
    try {
      v = Long.decode(s.trim());
    } catch (NumberFormatException e) {
      problem(key, "'" + s + "' is not a whole number; allowed: " + min + " to " + max);
      return fallback;
    }
    if (v < min || v > max) {
      problem(key, s + " is out of range; allowed: " + min + " to " + max);
      return fallback;
    }
    return (int) v;
  }

  boolean bool(String key, boolean fallback) {
    String s = string(key, null);
    if (s == null) return fallback;
    switch (s) {
      case "true", "yes", "on" -> {
        return true;
      }
      case "false", "no", "off" -> {
        return false;
      }
      default -> {
        problem(key, "'" + s + "' is not true or false; allowed: true, false");
        return fallback;
      }
    }
  }

  /** One of the given words (case-sensitive, as written in the docs). */
  String choice(String key, String fallback, List<String> allowed) {
    String s = string(key, null);
    if (s == null) return fallback;
    if (!allowed.contains(s)) {
      problem(key, "'" + s + "' is not allowed; allowed: " + String.join(", ", allowed));
      return fallback;
    }
    return s;
  }

  /** A nested section, or null when absent. */
  YamlMap map(String key) {
    Node v = value(key);
    return v == null ? null : new YamlMap(v, path(key), problems);
  }

  /** A list of sections, each with its path {@code key[i]}; empty when absent. */
  List<YamlMap> maps(String key) {
    List<YamlMap> out = new ArrayList<>();
    for (Indexed n : items(key)) out.add(new YamlMap(n.node, n.path, problems));
    return out;
  }

  /** A list of single values (a lone value counts as a list of one). */
  List<String> strings(String key) {
    Node v = value(key);
    List<String> out = new ArrayList<>();
    if (v instanceof ScalarNode s) {
      out.add(s.getValue());
      return out;
    }
    for (Indexed n : items(key)) {
      if (n.node instanceof ScalarNode s) {
        out.add(s.getValue());
      } else {
        problems.add(n.node, n.path, "expected a single value, got " + describe(n.node));
      }
    }
    return out;
  }

  /** A pair of numbers {@code [low, high]} with low below high, e.g. a valid range; null when absent. */
  double[] range(String key) {
    List<String> parts = strings(key);
    if (parts.isEmpty() && !has(key)) return null;
    try {
      if (parts.size() == 2) {
        double lo = Double.parseDouble(parts.get(0));
        double hi = Double.parseDouble(parts.get(1));
        if (lo < hi) return new double[] {lo, hi};
      }
    } catch (NumberFormatException e) {
      // falls through to the problem below
    }
    problem(key, parts + " is not a range; allowed: [low, high] with low below high, e.g. [0, 60]");
    return null;
  }

  private List<Indexed> items(String key) {
    Node v = value(key);
    List<Indexed> out = new ArrayList<>();
    if (v == null) return out;
    if (!(v instanceof SequenceNode seq)) {
      problem(key, "expected a list (lines starting with '- '), got " + describe(v));
      return out;
    }
    List<Node> nodes = seq.getValue();
    for (int i = 0; i < nodes.size(); i++) out.add(new Indexed(nodes.get(i), path(key) + "[" + i + "]"));
    return out;
  }

  /** Reports every key that no accessor asked for, naming the keys that are allowed here. */
  void finish() {
    for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
      if (!asked.contains(e.getKey())) {
        problems.add(e.getValue().getKeyNode(), path(e.getKey()),
            "unknown key; allowed here: " + String.join(", ", asked));
      }
    }
  }

  private boolean entriesHasWrongKind(String key) {
    NodeTuple t = entries.get(key);
    return t != null && !isNull(t.getValueNode()) && !(t.getValueNode() instanceof ScalarNode);
  }

  static boolean isNull(Node n) {
    return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
  }

  static String describe(Node n) {
    if (n instanceof MappingNode) return "a section";
    if (n instanceof SequenceNode) return "a list";
    return "'" + ((ScalarNode) n).getValue() + "'";
  }

  private record Indexed(Node node, String path) {}
}
