// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Reads the {@code console:} section: the on-site HTTPS web console, off unless the section enables it. */
final class ConsoleReader {
  private ConsoleReader() {}

  /** A section with {@code enabled: false} is still checked, so that a typo shows before the console is turned on. */
  static Optional<GatewayConfig.Console> read(YamlMap m, ConfigLoader.Paths paths) {
    if (m == null) return Optional.empty();
    boolean enabled = m.bool("enabled", false);
    String address = m.string("address", "127.0.0.1");
    int port = m.integer("port", 8443, 0, 65535);
    ConfigLoader.rejectInlineSecret(m, "password", "password-file");
    // Not required to exist: `edge-gateway console-password` writes it; without it the console is read-only.
    String pw = m.string("password-file", null);
    Path passwordFile = pw == null ? null : paths.resolve(pw);
    Path cert = paths.file(m, "cert-file", false);
    Path key = paths.file(m, "key-file", false);
    if ((cert == null) != (key == null)) m.missing(cert == null ? "cert-file" : "key-file",
        "cert-file and key-file go together (PEM certificate chain and its PKCS#8 key); without both the gateway "
        + "makes a self-signed certificate in its state-dir");
    Duration idle = m.duration("session-idle", Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(12));
    Duration every = m.duration("history-every", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofMinutes(10));
    int maxTest = m.integer("max-test-seconds", 300, 1, 3600);
    m.finish();
    if (!enabled) return Optional.empty();
    return Optional.of(new GatewayConfig.Console(address, port, passwordFile, cert, key, idle, every, maxTest));
  }
}
