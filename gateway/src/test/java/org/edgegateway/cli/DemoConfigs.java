// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's demo config, copied into a test's temp dir with its state there and no broker to reach. */
final class DemoConfigs {
  static final Path REPO = Path.of(System.getProperty("edgegateway.repo", "..")).toAbsolutePath().normalize();

  private DemoConfigs() {}

  /** Writes {@code dir/demo.yaml}; the MQTT uplink points at {@code mqttPort} on loopback. */
  static Path demoIn(Path dir, int mqttPort, String statusEvery) throws IOException {
    String text = Files.readString(REPO.resolve("config/demo.yaml"), StandardCharsets.UTF_8)
        .replace("state-dir: ../target/demo-state", "state-dir: " + dir.resolve("state"))
        .replace("tcp://127.0.0.1:1883", "tcp://127.0.0.1:" + mqttPort)
        .replace("status-every: 5s", "status-every: " + statusEvery)
        .replace("port: 8443", "port: 0")
        .replace("password-file: console-demo.password", "password-file: " + REPO.resolve(
            "config/console-demo.password"));
    if (!text.contains(dir.resolve("state").toString())) throw new IllegalStateException("demo.yaml changed");
    Path file = dir.resolve("demo.yaml");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** A loopback port nothing listens on (bound once, then released). */
  static int closedPort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
