// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A generated site of simulated soil probes, one valve and one zone rule per group of probes, for the loop
 * benchmarks: {@code channels} probes sampled every {@code interval}, {@code zones} zones each combining its
 * share of the probes; optionally an MQTT uplink to a loopback broker.
 */
record SiteConfig(Duration period, int channels, int zones, Duration interval, int mqttPort) {
  SiteConfig {
    if (zones < 1 || zones > channels) throw new IllegalArgumentException("zones out of range: " + zones);
  }

  /** Writes {@code dir/site.yaml} with its state directory {@code dir/state}; returns the file. */
  Path write(Path dir) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("gateway: {id: bench, site: bench, time-zone: UTC, state-dir: ").append(dir.resolve("state"))
        .append("}\n");
    y.append("loop: {period: ").append(period.toMillis()).append("ms, status-every: 0s}\n");
    y.append("simulation: {seed: 1}\nvalves:\n");
    for (int z = 0; z < zones; z++) y.append("  - {id: v").append(z).append(", type: simulated, max-open: 10m}\n");
    y.append("sensors:\n");
    for (int c = 0; c < channels; c++) {
      y.append("  - {id: s").append(c).append(", type: sim-soil, valve: v").append(c % zones)
          .append(", initial: ").append(20 + c % 10).append(", interval: ").append(interval.toMillis())
          .append("ms}\n");
    }
    y.append("safety: {max-concurrent: 16, min-pause: 0s}\nzones:\n");
    for (int z = 0; z < zones; z++) {
      y.append("  - {id: z").append(z).append(", valve: v").append(z).append(", moisture: [");
      for (int c = z, n = 0; c < channels; c += zones, n++) y.append(n == 0 ? "" : ", ").append('s').append(c)
          .append(".moisture");
      y.append("], start-below: 22, stop-above: 26, min-run: 5s, max-run: 1m}\n");
    }
    y.append("buffer: {file: buffer.db, max-size: 4GB, max-rows: 50000000}\n");
    if (mqttPort > 0) {
      y.append("uplinks:\n  mqtt: {uris: [tcp://127.0.0.1:").append(mqttPort)
          .append("], reconnect-min: 1s, reconnect-max: 5s}\n");
    }
    y.append("logging: {level: warn, format: plain}\n");
    Path file = dir.resolve("site.yaml");
    Files.writeString(file, y, StandardCharsets.UTF_8);
    return file;
  }
}
