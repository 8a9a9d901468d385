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
    YamlMap up = top.map("uplinks");
    Optional<GatewayConfig.Mqtt> mqtt = up == null ? Optional.empty() : mqtt(up.map("mqtt"), identity, paths);
    Optional<GatewayConfig.Coap> coap = up == null ? Optional.empty() : coap(up.map("coap"), paths);
    if (up != null) {
      up.finish();
      checkCarried(up, mqtt, coap);
    }
    Optional<GatewayConfig.LocalServer> local = localServer(top.map("local-server"), paths);
    Optional<GatewayConfig.Console> console = ConsoleReader.read(top.map("console"), paths);
    GatewayConfig.Logging logging = logging(top.map("logging"), paths, problems);
    GatewayConfig.Simulation simulation = simulation(top.map("simulation"), problems);
    top.finish();
    if (!problems.isEmpty()) throw new ConfigException(problems.errors());
    return new GatewayConfig(file, identity, loop, buses, sensorList, valves, safety, zoneList, alerts, buffer,
        mqtt, coap, local, console, logging, simulation);
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

  private static Optional<GatewayConfig.Mqtt> mqtt(YamlMap q, GatewayConfig.Identity id, Paths paths) {
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
    List<String> carry = carry(q);
    q.finish();
    return Optional.of(new GatewayConfig.Mqtt(uris, clientId, prefix, format, packMax, inflight, keepAlive, connect,
        rMin, rMax, ca, cert, key, user, passwordFile, carry));
  }

  private static Optional<GatewayConfig.Coap> coap(YamlMap c, Paths paths) {
    if (c == null || !c.bool("enabled", true)) {
      if (c != null) c.finish();
      return Optional.empty();
    }
    URI uri = null;
    String s = c.requiredString("uri", "the platform's base URI, e.g. coaps://platform.example.org:5684/gw-ka-0001");
    if (s != null) {
      try {
        uri = new URI(s);
        if (!List.of("coap", "coaps").contains(uri.getScheme()) || uri.getHost() == null) {
          throw new URISyntaxException(s, "");
        }
      } catch (URISyntaxException e) {
        c.problem("uri", "'" + s + "' is not a CoAP URI; allowed: coap://host[:port]/path or coaps://host[:port]/path");
        uri = null;
      }
    }
    String format = c.choice("format", "cbor", List.of("cbor", "json"));
    int packMax = c.integer("pack-max-bytes", 1024, 128, 64 * 1024);
    int inflight = c.integer("inflight", 1, 1, 64);
    Duration ack = c.duration("ack-timeout", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(1));
    int retransmit = c.integer("max-retransmit", 4, 0, 10);
    Duration rMin = c.duration("reconnect-min", Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(5));
    Duration rMax = c.duration("reconnect-max", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofHours(1));
    if (rMax.compareTo(rMin) < 0) c.problem("reconnect-max", Units.format(rMax) + " is below reconnect-min "
        + Units.format(rMin) + "; allowed: reconnect-min or more");
    rejectInlineSecret(c, "psk", "psk-file");
    Path identity = paths.file(c, "psk-identity-file", false);
    Path psk = paths.file(c, "psk-file", false);
    if (uri != null && "coaps".equals(uri.getScheme()) && (identity == null || psk == null)) {
      c.missing(identity == null ? "psk-identity-file" : "psk-file",
          "psk-identity-file and psk-file for a coaps:// URI (DTLS with a pre-shared key)");
    }
    List<String> carry = carry(c);
    c.finish();
    return Optional.of(new GatewayConfig.Coap(uri, format, packMax, inflight, ack, retransmit, rMin, rMax, identity,
        psk, carry));
  }

  /** Which kinds an uplink forwards: {@code carry: [telemetry, events]} (the default). */
  private static List<String> carry(YamlMap m) {
    List<String> kinds = List.of("telemetry", "events");
    if (!m.has("carry")) return kinds;
    List<String> carry = new ArrayList<>();
    for (String k : m.strings("carry")) {
      if (!kinds.contains(k)) {
        m.problem("carry", "'" + k + "' is not a kind of message; allowed: telemetry, events");
      } else if (!carry.contains(k)) {
        carry.add(k);
      }
    }
    if (carry.isEmpty()) m.problem("carry", "empty; allowed: telemetry, events, or both");
    return List.copyOf(carry);
  }

  /** With uplinks configured, each kind must go out on at least one, or it would pile up until the caps. */
  private static void checkCarried(YamlMap up, Optional<GatewayConfig.Mqtt> mqtt, Optional<GatewayConfig.Coap> coap) {
    if (mqtt.isEmpty() && coap.isEmpty()) return;
    for (String kind : List.of("telemetry", "events")) {
      boolean carried = mqtt.map(m -> m.carry().contains(kind)).orElse(false)
          || coap.map(c -> c.carry().contains(kind)).orElse(false);
      if (!carried) up.problem(coap.isPresent() ? "coap" : "mqtt", "no uplink carries " + kind
          + "; allowed: add " + kind + " to the 'carry' list of mqtt or coap");
    }
  }

  private static Optional<GatewayConfig.LocalServer> localServer(YamlMap m, Paths paths) {
    if (m == null || !m.bool("enabled", true)) {
      if (m != null) m.finish();
      return Optional.empty();
    }
    String address = m.string("address", "0.0.0.0");
    int port = m.integer("port", 5683, 0, 65535);
    int dtlsPort = m.integer("dtls-port", 5684, 0, 65535);
    boolean plain = m.bool("plain", true);
    rejectInlineSecret(m, "psk", "psk-file");
    Path identity = paths.file(m, "psk-identity-file", false);
    Path psk = paths.file(m, "psk-file", false);
    if ((identity == null) != (psk == null)) m.missing(identity == null ? "psk-identity-file" : "psk-file",
        "psk-identity-file and psk-file go together (the technician's DTLS pre-shared key)");
    if (!plain && psk == null) m.problem("plain", "false, and no psk-file for DTLS: the server would serve nothing;"
        + " allowed: true, or give psk-identity-file and psk-file");
    m.finish();
    return Optional.of(new GatewayConfig.LocalServer(address, port, dtlsPort, plain, identity, psk));
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
