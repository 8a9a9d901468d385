// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.edgegateway.config.ConfigException;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;

/**
 * Any text given as a config file either becomes a config or a {@link ConfigException} whose errors name the
 * file: never another exception. Seeds: {@code FuzzConfigLoaderTestInputs/} (the repository's example configs).
 */
class FuzzConfigLoaderTest {
  private static final Path DIR = tempDir();

  @FuzzTest
  void anyTextBecomesAConfigOrAConfigException(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      GatewayConfig c = ConfigLoader.parse("fuzz.yaml", text, DIR, DIR.resolve("fuzz.yaml"), false);
      assertNotNull(c.gateway().id());
    } catch (ConfigException expected) {
      assertFalse(expected.errors().isEmpty(), "a config exception names at least one error");
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("fuzz-config");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
