// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a gateway YAML file into a {@link GatewayConfig}, or fails with a {@link ConfigException} that lists every
 * problem of the file (file, line, key path, bad value, what is allowed). Unknown keys are errors.
 */
public final class ConfigLoader {
  static final List<String> COMPONENTS = List.of("config", "sampling", "control", "rules", "safety", "buffer",
      "uplink", "command", "status", "cli", "drivers");
  private static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

  private ConfigLoader() {}

  public static GatewayConfig load(Path file) throws ConfigException {
    return load(file, true);
  }

  /**
   * As {@link #load(Path)}; with {@code checkFiles} false, files the config names (CA, password, keys) need not
   * exist yet: for validating a template written for a gateway that is not commissioned.
   */
  public static GatewayConfig load(Path file, boolean checkFiles) throws ConfigException {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw single(name, "file not found: " + file.toAbsolutePath());
    } catch (IOException e) {
      throw single(name, "cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(name, text, dir, file.toAbsolutePath(), checkFiles);
  }

  /** Parses YAML text as if it were the file {@code name} in {@code dir} (relative paths resolve against it). */
  public static GatewayConfig parse(String name, String text, Path dir, Path file, boolean checkFiles)
      throws ConfigException {
    Problems problems = new Problems(name);
    Node root = compose(name, new StringReader(text));
    YamlMap top = new YamlMap(root, "", problems);
    if (root == null) problems.add(1, "", "the file is empty; start from config/example-site.yaml");
    Paths paths = new Paths(dir, checkFiles);
    GatewayConfig.Identity identity = identity(top.map("gateway"), top, paths);
    GatewayConfig.Loop loop = loop(top.map("loop"), problems);
    ZonesReader zones = new ZonesReader(problems);
    List<GatewayConfig.Valve> valves = zones.valves(top);
    SensorsReader sensors = new SensorsReader(paths, problems);
    List<GatewayConfig.Bus> buses = sensors.buses(top);
    java.util.Set<String> valveIds = new java.util.HashSet<>();
    valves.forEach(v -> valveIds.add(v.id()));
    List<GatewayConfig.Sensor> sensorList = sensors.sensors(top, buses, valveIds);
    GatewayConfig.Safety safety = zones.safety(top.map("safety"), top, valves);
    List<String> channelIds = sensorList.stream().flatMap(s -> s.channels().stream()).map(c -> c.id()).toList();
    List<GatewayConfig.Zone> zoneList = zones.zones(top, valves, channelIds);
    List<GatewayConfig.Alert> alerts = zones.alerts(top, channelIds);
    GatewayConfig.Buffer buffer = buffer(top.map("buffer"), new Paths(identity.stateDir(), checkFiles), problems);
    Optional<GatewayConfig.Mqtt> mqtt = uplinks(top.map("uplinks"), identity, paths);
    GatewayConfig.Logging logging = logging(top.map("logging"), paths, problems);
    GatewayConfig.Simulation simulation = simulation(top.map("simulation"), problems);
    top.finish();
    if (!problems.isEmpty()) throw new ConfigException(problems.errors());
    return new GatewayConfig(file, identity, loop, buses, sensorList, valves, safety, zoneList, alerts, buffer,
        mqtt, logging, simulation);
  }

  private static Node compose(String name, Reader reader) throws ConfigException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setCodePointLimit(1 << 20);
    try {
      return new Yaml(new SafeConstructor(options)).compose(reader);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException(List.of(new ConfigError(name, line, "",
          "not valid YAML: " + e.getProblem() + (e.getContext() == null ? "" : " (" + e.getContext() + ")"))));
    } catch (YAMLException e) {
      throw single(name, "not valid YAML: " + e.getMessage());
    }
  }

  private static ConfigException single(String name, String problem) {
    return new ConfigException(List.of(new ConfigError(name, 0, "", problem)));
  }

  private static GatewayConfig.Identity identity(YamlMap m, YamlMap top, Paths paths) {
    if (m == null) {
      top.missing("gateway", "a section with at least 'id' and 'site'");
      return new GatewayConfig.Identity("?", "?", 0, 0, ZoneId.of("UTC"), paths.dir());
    }
    String id = m.id("id", true);
    String site = m.id("site", true);
    double lat = Double.NaN;
    double lon = Double.NaN;
    YamlMap loc = m.map("location");
    if (loc != null) {
      lat = loc.number("lat", Double.NaN, -90, 90);
      lon = loc.number("lon", Double.NaN, -180, 180);
      loc.finish();
    }
    ZoneId tz = ZoneId.of("UTC");
    String tzName = m.string("time-zone", null);
    if (tzName != null) {
      try {
        tz = ZoneId.of(tzName);
      } catch (DateTimeException e) {
        m.problem("time-zone", "'" + tzName + "' is not a time zone; allowed: a region id such as Europe/Berlin");
      }
    }
    Path state = paths.resolve(m.string("state-dir", "/var/lib/edge-gateway"));
    m.finish();
    return new GatewayConfig.Identity(id, site, lat, lon, tz, state);
  }

  private static GatewayConfig.Loop loop(YamlMap m, Problems p) {
    if (m == null) return new GatewayConfig.Loop(Duration.ofMillis(100), Duration.ofSeconds(5));
    Duration period = m.duration("period", Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofSeconds(10));
    Duration status = m.duration("status-every", Duration.ofSeconds(5), Duration.ZERO, Duration.ofHours(1));
    m.finish();
    return new GatewayConfig.Loop(period, status);
  }

  private static GatewayConfig.Buffer buffer(YamlMap m, Paths paths, Problems p) {
    YamlMap b = m == null ? new YamlMap(null, "buffer", p) : m;
    Path file = paths.resolve(b.string("file", "buffer.db")); // relative to the state directory
    long maxBytes = b.size("max-size", 256_000_000L, 1_000_000L, 1L << 40);
    long maxRows = b.size("max-rows", 5_000_000L, 1_000L, 1_000_000_000L);
    Duration maxAge = b.duration("max-age", Duration.ofDays(30), Duration.ofHours(1), Duration.ofDays(3650));
    double reserve = b.number("event-reserve", 0.1, 0.01, 0.5);
    String sync = b.choice("synchronous", "full", List.of("full", "normal"));
    b.finish();
    return new GatewayConfig.Buffer(file, maxBytes, maxRows, maxAge, reserve, "full".equals(sync));
  }

  private static Optional<GatewayConfig.Mqtt> uplinks(YamlMap m, GatewayConfig.Identity id, Paths paths) {
    if (m == null) return Optional.empty();
    YamlMap q = m.map("mqtt");
    m.finish();
    if (q == null || !q.bool("enabled", true)) {
      if (q != null) q.finish();
      return Optional.empty();
    }
    List<URI> uris = new ArrayList<>();
    for (String s : q.strings("uris")) {
      try {
        URI u = new URI(s);
        // A URI without a scheme has a null one, which List.contains would not take.
        boolean known = "tcp".equals(u.getScheme()) || "ssl".equals(u.getScheme());
        if (!known || u.getHost() == null) throw new URISyntaxException(s, "");
        uris.add(u);
      } catch (URISyntaxException e) {
        q.problem("uris", "'" + s + "' is not a broker URI; allowed: tcp://host:port or ssl://host:port");
      }
    }
    if (uris.isEmpty() && !q.has("uris")) q.missing("uris", "a list of broker URIs such as ssl://broker:8883");
    String clientId = q.string("client-id", id.id());
    String prefix = q.string("topic-prefix", "city/" + id.site() + "/" + id.id() + "/");
    if (!prefix.endsWith("/") || prefix.contains("#") || prefix.contains("+")) {
      q.problem("topic-prefix", "'" + prefix + "' is not a topic prefix; allowed: levels ending in '/', no + or #");
    }
    String format = q.choice("format", "cbor", List.of("cbor", "json"));
    int packMax = q.integer("pack-max-bytes", 1024, 128, 256 * 1024);
    int inflight = q.integer("inflight", 20, 1, 1000);
    Duration keepAlive = q.duration("keep-alive", Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofHours(1));
    Duration connect = q.duration("connect-timeout", Duration.ofSeconds(10), Duration.ofSeconds(1),
        Duration.ofMinutes(5));
    Duration rMin = q.duration("reconnect-min", Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(5));
    Duration rMax = q.duration("reconnect-max", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(1));
    if (rMax.compareTo(rMin) < 0) q.problem("reconnect-max", Units.format(rMax) + " is below reconnect-min "
        + Units.format(rMin) + "; allowed: reconnect-min or more");
    Path ca = null;
    Path cert = null;
    Path key = null;
    YamlMap tls = q.map("tls");
    if (tls != null) {
      ca = paths.file(tls, "ca-file", true);
      cert = paths.file(tls, "client-cert-file", false);
      key = paths.file(tls, "client-key-file", false);
      if ((cert == null) != (key == null)) tls.problem(cert == null ? "client-cert-file" : "client-key-file",
          "missing; required: client-cert-file and client-key-file go together");
      tls.finish();
    }
    if (uris.stream().anyMatch(u -> "ssl".equals(u.getScheme())) && ca == null) {
      q.problem("tls", "missing; required: tls.ca-file for ssl:// brokers (the broker's certificate is checked)");
    }
    String user = q.string("username", null);
    rejectInlineSecret(q, "password", "password-file");
    Path passwordFile = paths.file(q, "password-file", false);
    if (passwordFile != null && user == null) q.missing("username", "a username to go with password-file");
    q.finish();
    return Optional.of(new GatewayConfig.Mqtt(uris, clientId, prefix, format, packMax, inflight, keepAlive, connect,
        rMin, rMax, ca, cert, key, user, passwordFile));
  }

  static void rejectInlineSecret(YamlMap m, String key, String fileKey) {
    if (m.has(key)) {
      m.problem(key, "secrets are never written into the config; allowed: put it in a file readable only by the "
          + "gateway and name that file with '" + fileKey + "'");
    }
  }

  private static GatewayConfig.Logging logging(YamlMap m, Paths paths, Problems p) {
    YamlMap l = m == null ? new YamlMap(null, "logging", p) : m;
    String level = l.choice("level", "info", LEVELS);
    Map<String, String> levels = new LinkedHashMap<>();
    YamlMap per = l.map("levels");
    if (per != null) {
      for (String c : COMPONENTS) {
        String v = per.choice(c, null, LEVELS);
        if (v != null) levels.put(c, v);
      }
      per.finish();
    }
    String format = l.choice("format", "journal", List.of("journal", "plain"));
    Path file = null;
    long maxBytes = 10_000_000L;
    int backups = 5;
    YamlMap f = l.map("file");
    if (f != null) {
      String path = f.requiredString("path", "the log file's path, e.g. /var/log/edge-gateway/gateway.log");
      file = path == null ? null : paths.resolve(path);
      maxBytes = f.size("max-size", maxBytes, 1_000_000L, 1_000_000_000L);
      backups = f.integer("backups", backups, 0, 100);
      f.finish();
    }
    l.finish();
    return new GatewayConfig.Logging(level, Map.copyOf(levels), format, file, maxBytes, backups);
  }

  private static GatewayConfig.Simulation simulation(YamlMap m, Problems p) {
    if (m == null) return new GatewayConfig.Simulation(1, 18, 8);
    int seed = m.integer("seed", 1, 0, Integer.MAX_VALUE);
    double mean = m.number("mean-temperature", 18, -30, 45);
    double swing = m.number("daily-swing", 8, 0, 30);
    m.finish();
    return new GatewayConfig.Simulation(seed, mean, swing);
  }

  /** Resolves relative paths against the config file's directory. */
  record Paths(Path dir, boolean checkFiles) {
    Path resolve(String s) {
      return dir.resolve(s).normalize();
    }

    /** A path key naming a file that must exist (checked now, so a typo is found at commissioning). */
    Path file(YamlMap m, String key, boolean required) {
      String s = required ? m.requiredString(key, "the path of a file") : m.string(key, null);
      if (s == null) return null;
      Path path = resolve(s);
      if (checkFiles && !Files.isReadable(path)) {
        m.problem(key, "'" + s + "' is not a readable file (" + path + "); allowed: an existing file's path");
      }
      return path;
    }
  }
}
