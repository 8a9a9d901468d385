// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.edgegateway.data.Severity;

/** Reads {@code valves:}, {@code safety:}, {@code zones:} and {@code alerts:}, checking every id they name. */
final class ZonesReader {
  static final List<String> ALERT_TYPES = List.of("threshold", "rate", "stale", "leak", "no-flow", "valve-open",
      "loop-overrun",
      "buffer-full");
  private static final Duration MAX_OPEN_LIMIT = Duration.ofHours(4);

  private final Problems problems;

  ZonesReader(Problems problems) {
    this.problems = problems;
  }

  List<GatewayConfig.Valve> valves(YamlMap top) {
    List<GatewayConfig.Valve> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (YamlMap m : top.maps("valves")) {
      String id = m.id("id", true);
      if (id != null && !ids.add(id)) m.problem("id", "duplicate id '" + id + "'; allowed: an id not used before");
      String type = m.choice("type", "gpio", List.of("gpio", "simulated"));
      int pin = -1;
      if ("gpio".equals(type)) {
        pin = m.integer("pin", -1, 0, 27);
        if (pin < 0 && !m.has("pin")) m.missing("pin", "the BCM GPIO number of the relay, 0 to 27");
      }
      boolean activeLow = m.bool("active-low", true);
      Duration maxOpen = m.duration("max-open", Duration.ofMinutes(30), Duration.ofSeconds(1), MAX_OPEN_LIMIT);
      m.finish();
      if (id != null) out.add(new GatewayConfig.Valve(id, type, pin, activeLow, maxOpen));
    }
    return out;
  }

  GatewayConfig.Safety safety(YamlMap m, YamlMap top, List<GatewayConfig.Valve> valves) {
    YamlMap s = m == null ? new YamlMap(null, "safety", problems) : m;
    int maxConcurrent = s.integer("max-concurrent", 1, 1, 16);
    Duration minPause = s.duration("min-pause", Duration.ofMinutes(1), Duration.ZERO, Duration.ofHours(4));
    String master = s.id("master-valve", false);
    if (master != null && valves.stream().noneMatch(v -> v.id().equals(master))) {
      s.problem("master-valve", "'" + master + "' is not a valve defined under 'valves'; allowed: "
          + SensorsReader.allowedIds(valves.stream().map(v -> v.id()).toList()));
    }
    Duration lead = s.duration("master-lead", Duration.ofSeconds(2), Duration.ZERO, Duration.ofMinutes(5));
    Duration lag = s.duration("master-lag", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(5));
    s.finish();
    return new GatewayConfig.Safety(maxConcurrent, minPause, master, lead, lag);
  }

  List<GatewayConfig.Zone> zones(YamlMap top, List<GatewayConfig.Valve> valves, List<String> channels) {
    List<GatewayConfig.Zone> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> usedValves = new HashSet<>();
    List<String> valveIds = valves.stream().map(v -> v.id()).toList();
    for (YamlMap m : top.maps("zones")) {
      String id = m.id("id", true);
      if (id != null && !ids.add(id)) m.problem("id", "duplicate id '" + id + "'; allowed: an id not used before");
      String valve = ref(m, "valve", valveIds, "valves", true);
      if (valve != null && !usedValves.add(valve)) {
        m.problem("valve", "'" + valve + "' already belongs to another zone; allowed: one zone per valve");
      }
      List<String> soil = channelList(m, "moisture", channels);
      String combine = m.choice("combine", "mean", List.of("mean", "min", "max"));
      GatewayConfig.Zone z = thresholdsAndLimits(m, id, valve, soil, combine, channels);
      m.finish();
      if (z != null) out.add(z);
    }
    return out;
  }

  private GatewayConfig.Zone thresholdsAndLimits(YamlMap m, String id, String valve, List<String> soil,
      String combine, List<String> channels) {
    GatewayConfig.Sense sense = "tension".equals(m.choice("sense", "moisture", List.of("moisture", "tension")))
        ? GatewayConfig.Sense.TENSION : GatewayConfig.Sense.MOISTURE;
    boolean wet = sense == GatewayConfig.Sense.MOISTURE;
    String startKey = wet ? "start-below" : "start-above";
    String stopKey = wet ? "stop-above" : "stop-below";
    double max = wet ? 100 : 1500;
    double start = m.number(startKey, Double.NaN, 0, max);
    double stop = m.number(stopKey, Double.NaN, 0, max);
    if (Double.isNaN(start) && !m.has(startKey)) m.missing(startKey, "the " + (wet ? "moisture (%)" : "tension (kPa)")
        + " at which watering starts");
    if (Double.isNaN(stop) && !m.has(stopKey)) m.missing(stopKey, "the value at which watering stops");
    if (!Double.isNaN(start) && !Double.isNaN(stop) && (wet ? stop <= start : stop >= start)) {
      m.problem(stopKey, Units.formatNumber(stop) + " is " + (wet ? "not above " : "not below ") + startKey + " "
          + Units.formatNumber(start) + "; allowed: a value " + (wet ? "above " : "below ")
          + Units.formatNumber(start));
    }
    List<TimeWindow> windows = windows(m);
    Duration minRun = m.duration("min-run", Duration.ofMinutes(1), Duration.ZERO, MAX_OPEN_LIMIT);
    Duration maxRun = m.duration("max-run", Duration.ofMinutes(15), Duration.ofSeconds(1), MAX_OPEN_LIMIT);
    if (minRun.compareTo(maxRun) > 0) m.problem("min-run", Units.format(minRun) + " is above max-run "
        + Units.format(maxRun) + "; allowed: up to " + Units.format(maxRun));
    Duration soak = m.duration("soak", Duration.ZERO, Duration.ZERO, Duration.ofHours(12));
    Duration dailyRun = m.duration("daily-max-run", Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofHours(24));
    double dailyLitres = m.number("daily-max-litres", Double.POSITIVE_INFINITY, 1, 1e7);
    String flow = ref(m, "flow-channel", channels, "sensor channels", false);
    GatewayConfig.RainSkip rain = rainSkip(m.map("rain-skip"), channels);
    GatewayConfig.Frost frost = frost(m.map("frost-lockout"), channels);
    GatewayConfig.Fallback fallback = fallback(m);
    if (id == null || valve == null || Double.isNaN(start) || Double.isNaN(stop)) return null;
    return new GatewayConfig.Zone(id, valve, soil, combine, sense, start, stop, windows, minRun, maxRun, soak,
        dailyRun, dailyLitres, flow, rain, frost, fallback);
  }

  private List<TimeWindow> windows(YamlMap m) {
    List<TimeWindow> out = new ArrayList<>();
    for (String s : m.strings("windows")) {
      TimeWindow w = TimeWindow.parse(s);
      if (w == null) {
        m.problem("windows", "'" + s + "' is not a time window; allowed: HH:MM-HH:MM in site time, e.g. 22:00-06:00");
      } else {
        out.add(w);
      }
    }
    if (out.isEmpty()) out.add(new TimeWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
    return List.copyOf(out);
  }

  private GatewayConfig.RainSkip rainSkip(YamlMap r, List<String> channels) {
    if (r == null) return null;
    String ch = ref(r, "channel", channels, "sensor channels", true);
    double mm = r.number("above", 2, 0, 1000);
    Duration window = r.duration("window", Duration.ofHours(24), Duration.ofMinutes(10), Duration.ofDays(7));
    r.finish();
    return ch == null ? null : new GatewayConfig.RainSkip(ch, mm, window);
  }

  private GatewayConfig.Frost frost(YamlMap f, List<String> channels) {
    if (f == null) return null;
    String ch = ref(f, "channel", channels, "sensor channels", true);
    double below = f.number("below", 3, -30, 20);
    f.finish();
    return ch == null ? null : new GatewayConfig.Frost(ch, below);
  }

  private GatewayConfig.Fallback fallback(YamlMap m) {
    YamlMap f = m.map("fallback");
    if (f == null) return new GatewayConfig.Fallback("skip", null, Duration.ZERO);
    String mode = f.choice("mode", "skip", List.of("skip", "schedule"));
    LocalTime at = null;
    Duration run = Duration.ZERO;
    if ("schedule".equals(mode)) {
      String s = f.requiredString("at", "the daily start time, e.g. 23:00");
      at = s == null ? null : Units.clockTime(s);
      if (s != null && at == null) f.problem("at", "'" + s + "' is not a clock time; allowed: HH:MM, e.g. 23:00");
      run = f.duration("run", Duration.ofMinutes(10), Duration.ofMinutes(1), MAX_OPEN_LIMIT);
    }
    f.finish();
    return new GatewayConfig.Fallback(mode, at, run);
  }

  List<GatewayConfig.Alert> alerts(YamlMap top, List<String> channels) {
    List<GatewayConfig.Alert> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (YamlMap m : top.maps("alerts")) {
      String id = m.id("id", true);
      if (id != null && !ids.add(id)) m.problem("id", "duplicate id '" + id + "'; allowed: an id not used before");
      String type = m.choice("type", "threshold", ALERT_TYPES);
      boolean needsChannel = List.of("threshold", "rate", "stale", "leak", "no-flow").contains(type);
      String channel = needsChannel ? ref(m, "channel", channels, "sensor channels", true) : null;
      double above = m.numberOrPercent("above", Double.NaN, -1e9, 1e9);
      double below = m.numberOrPercent("below", Double.NaN, -1e9, 1e9);
      if (("threshold".equals(type) || "rate".equals(type)) && Double.isNaN(above) && Double.isNaN(below)
          && !m.has("above") && !m.has("below")) {
        m.missing("above", "'above' or 'below' (or both) for a threshold alert");
      }
      Duration window = "rate".equals(type)
          ? m.duration("window", Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofDays(1)) : null;
      if ("valve-open".equals(type) && !m.has("for")) m.missing("for", "how long a valve may stay open, e.g. 45m");
      if (!Double.isNaN(above) && !Double.isNaN(below) && below >= above) {
        m.problem("below", Units.formatNumber(below) + " is not below 'above' " + Units.formatNumber(above)
            + "; allowed: a value below " + Units.formatNumber(above));
      }
      double hysteresis = m.numberOrPercent("hysteresis", 0, 0, 1e9);
      Duration hold = m.duration("for", Duration.ZERO, Duration.ZERO, Duration.ofDays(1));
      String sev = m.choice("severity", "warning", List.of("info", "warning", "critical"));
      String message = m.string("message", null);
      m.finish();
      if (id != null && (channel != null || !needsChannel)) {
        out.add(new GatewayConfig.Alert(id, type, channel, above, below, hysteresis, hold,
            Severity.valueOf(sev.toUpperCase(Locale.ROOT)), message == null ? "" : message, window));
      }
    }
    return out;
  }

  private static String ref(YamlMap m, String key, List<String> known, String where, boolean required) {
    String v = m.string(key, null);
    if (v == null) {
      if (required && !m.has(key)) m.missing(key, "one of the " + where + ": " + SensorsReader.allowedIds(known));
      return null;
    }
    if (!known.contains(v)) {
      m.problem(key, "'" + v + "' is not defined; allowed: one of the " + where + ": "
          + SensorsReader.allowedIds(known));
      return null;
    }
    return v;
  }

  private static List<String> channelList(YamlMap m, String key, List<String> known) {
    List<String> out = new ArrayList<>();
    for (String v : m.strings(key)) {
      if (known.contains(v)) {
        out.add(v);
      } else {
        m.problem(key, "'" + v + "' is not defined; allowed: one of the sensor channels: "
            + SensorsReader.allowedIds(known));
      }
    }
    if (out.isEmpty() && !m.has(key)) m.missing(key, "the soil channel(s) of the zone, e.g. [bed-1-soil.moisture]");
    return List.copyOf(out);
  }
}
