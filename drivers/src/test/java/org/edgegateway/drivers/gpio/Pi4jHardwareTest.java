// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.edgegateway.drivers.DeviceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pi4jHardwareTest {

  @Test
  void productionContextFailsLoudlyWhereThereIsNoGpioChip() {
    // Off a Pi the explicit gpiod context must refuse, never fall back to mock. On a Pi this would drive BCM 17.
    assumeFalse(Pi4jHardware.hasGpioChip(Path.of("/dev")), "runs only where there is no GPIO chip");
    assertThrows(DeviceException.class, () -> {
      try (Pi4jHardware hw = Pi4jHardware.openRaspberryPi()) {
        hw.valve("zone-1", 17, false);
      }
    });
  }

  @Test
  void gpioChipIsFoundOnlyWhereTheKernelListsOne(@TempDir Path dev) throws Exception {
    assertFalse(Pi4jHardware.hasGpioChip(dev));
    Files.createFile(dev.resolve("gpiochip0"));
    assertTrue(Pi4jHardware.hasGpioChip(dev));
    assertFalse(Pi4jHardware.hasGpioChip(dev.resolve("absent")));
  }

  @Test
  void closeDrivesOpenValvesClosedAndIsIdempotent() throws Exception {
    Context context = MockPi4j.newContext();
    Pi4jHardware hw = new Pi4jHardware(context, new FakeTicker());
    ValveOutput valve = hw.valve("zone-1", 17, true);
    valve.setOpen(true);
    assertEquals(DigitalState.LOW, MockPi4j.output(context, 17));
    hw.close();
    hw.close();
    assertTrue(context.isShutdown());
    valve.close();
    assertFalse(valve.isOpen());
  }

  @Test
  void nothingCanBeCreatedAfterClose() {
    Pi4jHardware hw = new Pi4jHardware(MockPi4j.newContext(), new FakeTicker());
    hw.close();
    DeviceException e = assertThrows(DeviceException.class, () -> hw.valve("zone-2", 18, false));
    assertEquals("zone-2", e.device());
  }

  @Test
  void aPinCanBeProvisionedOnlyOnce() throws Exception {
    try (Pi4jHardware hw = new Pi4jHardware(MockPi4j.newContext(), new FakeTicker())) {
      hw.valve("zone-1", 17, false);
      DeviceException e = assertThrows(DeviceException.class,
          () -> hw.pulseCounter("flow", 17, false, Pi4jHardware.Pull.DOWN, Duration.ofMillis(1)));
      assertEquals("flow", e.device());
    }
  }
}
