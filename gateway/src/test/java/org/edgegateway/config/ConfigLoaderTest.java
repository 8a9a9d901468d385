// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  static final Path REPO = Path.of(System.getProperty("edgegateway.repo", "..")).toAbsolutePath().normalize();
  static final Path INVALID = Path.of("src/test/resources/config/invalid").toAbsolutePath();

  static Stream<Path> invalidConfigs() throws IOException {
    try (Stream<Path> files = Files.list(INVALID)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void invalidConfigGivesExactlyTheExpectedErrors(Path file) throws IOException {
    String expected = Files.readString(Path.of(file.toString().replace(".yaml", ".expected")), StandardCharsets.UTF_8)
        .replace("DIR", INVALID.toString()).strip();
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    String actual = e.errors().stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
    assertEquals(expected, actual);
  }

  @Test
  void atLeastTwelveInvalidConfigsAreChecked() throws IOException {
    assertTrue(invalidConfigs().count() >= 12);
  }

  @Test
  void demoConfigLoadsWithSimulatedDevices() throws ConfigException {
    GatewayConfig c = ConfigLoader.load(REPO.resolve("config/demo.yaml"));
    assertEquals("gw-demo-01", c.gateway().id());
    assertEquals(3, c.zones().size());
    assertTrue(c.sensors().stream().allMatch(s -> s.driver().type().startsWith("sim-")));
    assertEquals(Duration.ofMillis(100), c.loop().period());
    assertEquals(REPO.resolve("target/demo-state/buffer.db"), c.buffer().file());
  }

  @Test
  void exampleSiteConfigLoads() throws ConfigException {
    // Its CA and password files exist only on a commissioned gateway.
    GatewayConfig c = ConfigLoader.load(REPO.resolve("config/example-site.yaml"), false);
    assertTrue(c.zones().size() >= 4, "four tree pits/beds");
    assertTrue(c.sensors().stream().anyMatch(s -> s.driver() instanceof Driver.Modbus));
    assertTrue(c.mqtt().isPresent());
    assertEquals("ssl", c.mqtt().get().uris().get(0).getScheme());
  }

  @Test
  void everyErrorOfAFileIsReportedNotJustTheFirst() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(INVALID.resolve("16-many-errors-at-once.yaml")));
    assertEquals(5, e.errors().size());
    assertTrue(e.getMessage().startsWith("5 errors in config:"), e.getMessage());
  }

  @Test
  void everyShippedProfileIsIndexedAndValid() throws IOException {
    Path dir = REPO.resolve("config/profiles");
    List<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
          .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
    }
    assertEquals(files, BuiltInProfiles.names().stream().sorted().toList(), "config/profiles/index.txt");
    for (String name : files) {
      Problems problems = new Problems(name + ".yaml");
      ModbusProfile p = ProfileLoader.parse(name, name + ".yaml", Files.readString(dir.resolve(name + ".yaml")),
          problems);
      assertTrue(problems.isEmpty(), name + ": " + problems.errors());
      assertTrue(!p.registers().isEmpty(), name);
    }
  }

  @Test
  void missingFileIsNamed() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(INVALID.resolve("nope.yaml")));
    assertTrue(e.getMessage().contains("file not found"), e.getMessage());
  }

  @Test
  void durationsSizesAndWindowsParseTheirHumanForms() {
    assertEquals(Duration.ofMinutes(90), Units.duration("1h30m"));
    assertEquals(Duration.ofMillis(100), Units.duration("100ms"));
    assertEquals(Duration.ofDays(7), Units.duration("7d"));
    assertEquals(null, Units.duration("1.5h"));
    assertEquals(256_000_000L, Units.size("256MB"));
    assertEquals(1L << 20, Units.size("1MiB"));
    TimeWindow night = TimeWindow.parse("22:00-06:00");
    assertTrue(night.contains(java.time.LocalTime.of(23, 59)));
    assertTrue(night.contains(java.time.LocalTime.of(0, 0)));
    assertTrue(!night.contains(java.time.LocalTime.of(6, 0)));
    assertTrue(!night.contains(java.time.LocalTime.of(21, 59)));
    assertEquals("1h30m", Units.format(Duration.ofMinutes(90)));
  }
}
