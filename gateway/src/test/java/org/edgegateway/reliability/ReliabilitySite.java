// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The simulated site of the reliability tests: eight fast soil probes and an air sensor read every 100 ms (about
 * 100 readings a second), three zones whose valves cycle every few seconds, and an MQTT uplink with a short
 * keep-alive and reconnect back-off.
 */
final class ReliabilitySite {
  static final String ID = "gw-rel-01";
  static final String PREFIX = "city/lab/" + ID + "/";
  static final int PROBES = 8;

  private ReliabilitySite() {}

  /** Writes {@code dir/site.yaml}; {@code mqttUri} null for a gateway without uplink. */
  static Path write(Path dir, String mqttUri, String extraMqtt) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("gateway: {id: ").append(ID).append(", site: lab, time-zone: UTC, state-dir: ")
        .append(dir.resolve("state")).append("}\n");
    y.append("loop: {period: 100ms, status-every: 1s}\n");
    y.append("simulation: {seed: 7}\n");
    y.append("valves:\n");
    for (int i = 1; i <= 3; i++) y.append("  - {id: valve-").append(i).append(", type: simulated, max-open: 1m}\n");
    y.append("sensors:\n");
    for (int i = 1; i <= PROBES; i++) {
      y.append("  - {id: soil-").append(i).append(", type: sim-soil, valve: valve-").append(1 + (i - 1) % 3)
          .append(", initial: 21, dry-per-hour: 100, wet-per-hour: 100, interval: 100ms}\n");
    }
    y.append("  - {id: air, type: sim-air, interval: 100ms}\n");
    y.append("safety: {max-concurrent: 2, min-pause: 1s}\n");
    y.append("zones:\n");
    for (int i = 1; i <= 3; i++) {
      y.append("  - {id: bed-").append(i).append(", valve: valve-").append(i).append(", moisture: [soil-").append(i)
          .append(".moisture], start-below: 21.5, stop-above: 22, min-run: 1s, max-run: 5s}\n");
    }
    y.append("buffer: {file: buffer.db}\n");
    if (mqttUri != null) {
      y.append("uplinks:\n  mqtt:\n    uris: [").append(mqttUri).append("]\n    format: json\n")
          .append("    keep-alive: 5s\n    connect-timeout: 10s\n    reconnect-min: 200ms\n    reconnect-max: 1s\n")
          .append(extraMqtt);
    }
    y.append("logging: {level: info, format: plain}\n");
    Path file = dir.resolve("site.yaml");
    Files.writeString(file, y.toString(), StandardCharsets.UTF_8);
    return file;
  }
}
