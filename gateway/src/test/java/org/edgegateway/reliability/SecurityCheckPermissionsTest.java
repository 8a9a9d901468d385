// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edge-gateway check} warns when the config is writable by others or a secret (MQTT password file, client
 * key) is readable by others, names the fix, and never prints the secret itself.
 */
class SecurityCheckPermissionsTest {
  static final String SECRET = "pw-7f3a9c51e2d84b60";

  @TempDir
  Path dir;

  @Test
  void tooOpenConfigAndSecretFilesGiveWarningsWithoutTheSecret() throws Exception {
    Path config = site("rw-rw-rw-", "rw-r--r--", "rw-r--r--");
    String out = check(config);
    assertTrue(out.contains("files    " + config) && out.contains("file too open (rw-rw-rw-)"), out);
    assertTrue(out.contains("files    " + dir.resolve("mqtt.pw")) && out.contains("secret file too open (rw-r--r--)"),
        out);
    assertTrue(out.contains("files    " + dir.resolve("client.key")), out);
    assertTrue(out.contains("chmod 640 " + dir.resolve("mqtt.pw")), out);
    assertFalse(out.contains(SECRET), "the password itself is never printed: " + out);
  }

  @Test
  void closedFilesGiveNoWarning() throws Exception {
    // Readable by the gateway's group (root:edge-gateway 640) is the recommended setup for secrets.
    String out = check(site("rw-r--r--", "rw-r-----", "r--------"));
    assertTrue(out.contains("valid: gateway"), out);
    assertFalse(out.contains("too open"), out);
    assertFalse(out.contains(SECRET), out);
  }

  private Path site(String configMode, String passwordMode, String keyMode) throws Exception {
    Path pw = Files.writeString(dir.resolve("mqtt.pw"), SECRET + "\n");
    Path key = Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\n" + SECRET + "\n");
    Path cert = Files.writeString(dir.resolve("client.pem"), "not checked by check\n");
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not checked by check\n");
    Path config = ReliabilitySite.write(dir, "ssl://localhost:8883", "    username: gw-rel-01\n    password-file: " + pw
        + "\n    tls: {ca-file: " + ca + ", client-cert-file: " + cert + ", client-key-file: " + key + "}\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString(passwordMode));
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(keyMode));
    Files.setPosixFilePermissions(config, PosixFilePermissions.fromString(configMode));
    return config;
  }

  private String check(Path config) throws Exception {
    try (MainProcess p = MainProcess.start(dir, "check", "check", "--config", config.toString())) {
      // The uplink itself is unreachable here (exit 1); this test is about the file warnings.
      assertEquals(1, p.await(60), p.output());
      return p.output();
    }
  }
}
