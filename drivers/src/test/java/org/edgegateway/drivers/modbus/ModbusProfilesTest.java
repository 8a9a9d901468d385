// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.edgegateway.drivers.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each shipped profile, loaded from {@code config/profiles}, read through the master from the simulator holding the
 * raw values of the worked examples its source documents; the expected values are the documents' own results.
 */
@Timeout(60)
class ModbusProfilesTest {
  private static final Path PROFILES = Path.of(System.getProperty("basedir", "."), "..", "config", "profiles");

  @TempDir Path dir;

  @Test
  void everyProfileUsesOnlyTheFormatsKeysAndGivesValidSpecs() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(PROFILES)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertTrue(files.size() >= 3, "profiles found: " + files);
    for (Path file : files) {
      ProfileYaml profile = ProfileYaml.load(file);
      assertEquals(file.getFileName().toString().replace(".yaml", ""), profile.name);
      assertFalse(profile.description.isBlank(), file.toString());
      assertEquals(ProfileYaml.DEFAULT_KEYS, profile.defaults.keySet(), file.toString());
      profile.settings("/dev/ttyUSB0");
      assertFalse(profile.specs().isEmpty(), file.toString());
      assertTrue(Files.readString(file).startsWith("#"), file + " lacks its source comment");
    }
  }

  @Test
  void smt100ReadsTheWorkedExamples() throws IOException {
    // 12345 -> 23.45 Cel (issue #3); 0x0D70 -> 34.40 % and 0x05F0 -> 15.20 (slowtec/truebner-smt100 tests).
    List<Sample> samples = readProfile("truebner-smt100", 3, 0, 12345, 0x0D70, 0x05F0);
    assertSample("temperature", 23.45, "Cel", samples.get(0));
    assertSample("moisture", 0.3440, "/", samples.get(1));
    assertSample("permittivity", 15.20, "/", samples.get(2));
  }

  @Test
  void smt100ReadsFreezingTemperatures() throws IOException {
    // 0x1770 = 6000 -> -40 Cel (slowtec/truebner-smt100 tests).
    assertSample("temperature", -40, "Cel", readProfile("truebner-smt100", 3, 0, 0x1770, 0, 100).get(0));
  }

  @Test
  void soilThreeInOneReadsTheDfrobotExample() throws IOException {
    // DFRobot SEN0601 wiki: 02 92 FF 9B 03 E8 -> 65.8 %, -10.1 Cel, 1000 uS/cm.
    List<Sample> samples = readProfile("generic-soil-3in1", 3, 0, 0x0292, 0xFF9B, 0x03E8);
    assertSample("moisture", 0.658, "/", samples.get(0));
    assertSample("temperature", -10.1, "Cel", samples.get(1));
    assertSample("conductivity", 0.1, "S/m", samples.get(2));
  }

  @Test
  void sht20TemperatureHumidityReadsTheExampleFromInputRegisters() throws IOException {
    // e-tinkers SHT20 README: 01 04 04 01 31 02 22 2A CE -> 30.5 Cel, 54.6 %RH.
    List<Sample> samples = readProfile("generic-th-sht20", 4, 1, 0x0131, 0x0222);
    assertSample("temperature", 30.5, "Cel", samples.get(0));
    assertSample("humidity", 54.6, "%RH", samples.get(1));
  }

  /** Puts {@code raw} at {@code address} of slave 1 (function 3 or 4) and reads the profile's sensor once. */
  private List<Sample> readProfile(String name, int function, int address, int... raw) throws IOException {
    ProfileYaml profile = ProfileYaml.load(PROFILES.resolve(name + ".yaml"));
    try (SimulatedBus bus = SimulatedBus.start(dir, profile.settings("pty"))) {
      bus.sim.addSlave(1, 10, 10);
      if (function == 3) bus.sim.setHolding(1, address, raw);
      else bus.sim.setInput(1, address, raw);
      bus.sim.start();
      ModbusSensor sensor = new ModbusSensor(name, bus.master, 1, profile.specs());
      List<Sample> samples = sensor.read();
      assertEquals(1, bus.sim.requests().size(), "contiguous registers should take one request");
      return samples;
    }
  }

  private static void assertSample(String quantity, double value, String unit, Sample sample) {
    assertEquals(quantity, sample.quantity());
    assertEquals(value, sample.value(), 1e-9, quantity);
    assertEquals(unit, sample.unit());
  }
}
