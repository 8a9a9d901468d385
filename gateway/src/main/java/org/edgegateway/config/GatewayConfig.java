// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.edgegateway.data.Severity;

/**
 * The whole gateway configuration, validated: every id referenced exists, every number is in range. Built only
 * by {@link ConfigLoader}; immutable. Relative paths in the file are resolved against the file's directory.
 */
public record GatewayConfig(
    Path file,
    Identity gateway,
    Loop loop,
    List<Bus> buses,
    List<Sensor> sensors,
    List<Valve> valves,
    Safety safety,
    List<Zone> zones,
    List<Alert> alerts,
    Buffer buffer,
    Optional<Mqtt> mqtt,
    Optional<Coap> coap,
    Optional<LocalServer> localServer,
    Optional<Console> console,
    Logging logging,
    Simulation simulation) {

  /** Every channel of every sensor, in config order. */
  public List<Channel> channels() {
    return sensors.stream().flatMap(s -> s.channels().stream()).toList();
  }

  public Optional<Sensor> sensor(String id) {
    return sensors.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<Valve> valve(String id) {
    return valves.stream().filter(v -> v.id().equals(id)).findFirst();
  }

  /** Who this gateway is and where its state lives. */
  public record Identity(String id, String site, double latitude, double longitude, ZoneId timeZone, Path stateDir) {}

  /** The control loop's period and how often the status line is printed. */
  public record Loop(Duration period, Duration statusEvery) {}

  /** A serial (RS-485) bus, an I2C bus or the 1-Wire directory. Fields not of the bus's type are defaults. */
  public record Bus(String id, String type, String port, int baud, int dataBits, String parity, int stopBits,
      Duration timeout, int retries, int i2cBus, Path w1Path) {}

  /** A device and the channels it yields ({@code <sensor-id>.<quantity>}). */
  public record Sensor(String id, String bus, Duration interval, Duration staleAfter, Driver driver,
      List<Channel> channels) {}

  /** One measured quantity of a sensor, with its SenML unit and the range outside which it is a sensor fault. */
  public record Channel(String id, String sensor, String quantity, String unit, double validMin, double validMax) {}

  /** A relay-driven valve (or pump); {@code maxOpen} is a hard limit the safety layer enforces. */
  public record Valve(String id, String type, int pin, boolean activeLow, Duration maxOpen) {}

  /** Site-wide limits on valves, whatever rules or commands ask. */
  public record Safety(int maxConcurrent, Duration minPause, String masterValve, Duration masterLead,
      Duration masterLag) {}

  /** Which way a soil channel reads: moisture (% VWC, lower is drier) or tension (kPa, higher is drier). */
  public enum Sense { MOISTURE, TENSION }

  /** An irrigation zone: one valve watered by need within windows and limits. */
  public record Zone(String id, String valve, List<String> channels, String combine, Sense sense, double start,
      double stop, List<TimeWindow> windows, Duration minRun, Duration maxRun, Duration soak,
      Duration dailyMaxRun, double dailyMaxLitres, String flowChannel, RainSkip rainSkip, Frost frost,
      Fallback fallback) {

    /** The same zone with other hysteresis thresholds (a downlink command's change). */
    public Zone withThresholds(double newStart, double newStop) {
      return new Zone(id, valve, channels, combine, sense, newStart, newStop, windows, minRun, maxRun, soak,
          dailyMaxRun, dailyMaxLitres, flowChannel, rainSkip, frost, fallback);
    }
  }

  /** Skip watering when {@code channel} (a rain total in mm) rose by more than {@code mm} within {@code window}. */
  public record RainSkip(String channel, double mm, Duration window) {}

  /** No watering while {@code channel} (air temperature) is below {@code below}. */
  public record Frost(String channel, double below) {}

  /** What a zone does when its moisture is stale or invalid: skip, or run {@code run} daily at {@code at}. */
  public record Fallback(String mode, java.time.LocalTime at, Duration run) {}

  /**
   * An alert rule; {@code above}/{@code below} are NaN when unused. For {@code rate} alerts they are in the channel's
   * unit per hour, measured over {@code window}.
   */
  public record Alert(String id, String type, String channel, double above, double below, double hysteresis,
      Duration holdFor, Severity severity, String message, Duration window) {}

  /** The store-and-forward buffer's file and caps. */
  public record Buffer(Path file, long maxBytes, long maxRows, Duration maxAge, double eventReserve,
      boolean synchronousFull) {}

  /** The MQTT uplink; secrets are paths of files, never inline. */
  public record Mqtt(List<URI> uris, String clientId, String topicPrefix, String format, int packMaxBytes,
      int inflight, Duration keepAlive, Duration connectTimeout, Duration reconnectMin, Duration reconnectMax,
      Path caFile, Path clientCertFile, Path clientKeyFile, String username, Path passwordFile, List<String> carry) {}

  /**
   * The CoAP uplink: confirmable POSTs to {@code uri}/telemetry and /events; {@code coaps://} with a PSK whose
   * identity and key are files. {@code carry} lists the kinds it forwards ({@code telemetry}, {@code events}).
   */
  public record Coap(URI uri, String format, int packMaxBytes, int inflight, Duration ackTimeout, int maxRetransmit,
      Duration reconnectMin, Duration reconnectMax, Path pskIdentityFile, Path pskFile, List<String> carry) {}

  /**
   * The local CoAP server: plain on {@code port} unless {@code plain} is false, DTLS on {@code dtlsPort} with the
   * technician's PSK (files) when given; zone tests only over DTLS.
   */
  public record LocalServer(String address, int port, int dtlsPort, boolean plain, Path pskIdentityFile,
      Path pskFile) {}

  /**
   * The on-site HTTPS web console on {@code address}:{@code port}: read-only for anyone who reaches it, actions
   * after a login with the secret whose PBKDF2 hash is in {@code passwordFile}; a self-signed certificate in the
   * state dir unless {@code certFile}/{@code keyFile} are given; one history point every {@code historyEvery}.
   */
  public record Console(String address, int port, Path passwordFile, Path certFile, Path keyFile,
      Duration sessionIdle, Duration historyEvery, int maxTestSeconds) {}

  /** Log level overall and per component ({@code uplink: debug}), format, optional rolling file. */
  public record Logging(String level, Map<String, String> levels, String format, Path file, long fileMaxBytes,
      int fileBackups) {}

  /** The simulated world's seed and weather, for the demo and tests. */
  public record Simulation(long seed, double meanTemperature, double dailySwing) {}
}
