// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.onewire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ds18b20Test {
  private static final String ROM = "28-0316a2795aff";

  @TempDir
  Path devices;

  /** Puts a captured {@code w1_slave} file from test resources where the kernel would. */
  private Ds18b20 sensorWith(String resource) throws IOException {
    Path dir = Files.createDirectories(devices.resolve(ROM));
    try (InputStream in = getClass().getResourceAsStream("/onewire/" + resource)) {
      if (in == null) throw new IOException("missing test resource " + resource);
      Files.write(dir.resolve("w1_slave"), in.readAllBytes());
    }
    return new Ds18b20("soil-temp-1", devices, ROM);
  }

  @Test
  void positiveTemperatureIsReadFromMilliDegrees() throws Exception {
    // Scratchpad 0x0172 = 370 sixteenths = 23.125 °C, as t=23125 says.
    assertEquals(List.of(new Sample("temperature", 23.125, "Cel")), sensorWith("ok-23.125.w1_slave").read());
  }

  @Test
  void negativeTemperatureIsRead() throws Exception {
    // Scratchpad 0xFF5E = -162 sixteenths = -10.125 °C.
    assertEquals(List.of(new Sample("temperature", -10.125, "Cel")), sensorWith("ok-minus-10.125.w1_slave").read());
  }

  @ParameterizedTest
  @ValueSource(strings = {"crc-no.w1_slave", "power-on-85.w1_slave", "minus-127.w1_slave", "all-zero.w1_slave",
      "truncated.w1_slave", "garbage.w1_slave"})
  void faultyFilesAreDeviceErrorsNamingTheSensor(String resource) throws Exception {
    Ds18b20 sensor = sensorWith(resource);
    DeviceException e = assertThrows(DeviceException.class, sensor::read);
    assertEquals("soil-temp-1", e.device());
  }

  @Test
  void failedCrcSaysSo() throws Exception {
    DeviceException e = assertThrows(DeviceException.class, sensorWith("crc-no.w1_slave")::read);
    assertTrue(e.getMessage().contains("CRC"), e.getMessage());
  }

  @Test
  void powerOnValueSaysSo() throws Exception {
    DeviceException e = assertThrows(DeviceException.class, sensorWith("power-on-85.w1_slave")::read);
    assertTrue(e.getMessage().contains("85"), e.getMessage());
  }

  @Test
  void missingSensorIsADeviceError() {
    DeviceException e = assertThrows(DeviceException.class, new Ds18b20("soil-temp-1", devices, ROM)::read);
    assertTrue(e.getMessage().contains("not present"), e.getMessage());
  }

  @Test
  void listFindsOnlyDs18b20Directories() throws Exception {
    Files.createDirectories(devices.resolve("28-0316a2795aff"));
    Files.createDirectories(devices.resolve("28-00000a1b2c3d"));
    Files.createDirectories(devices.resolve("10-000802b4a7c1")); // a DS18S20, another family
    Files.createDirectories(devices.resolve("w1_bus_master1"));
    assertEquals(List.of("28-00000a1b2c3d", "28-0316a2795aff"), Ds18b20.list(devices));
  }

  @Test
  void listingWithoutTheW1DriverIsADeviceError() {
    assertThrows(DeviceException.class, () -> Ds18b20.list(devices.resolve("absent")));
  }

  @Test
  void malformedRomIdIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Ds18b20("t", devices, "28-../../etc"));
  }
}
