// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import org.edgegateway.drivers.DeviceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pi4jValveOutputTest {
  private final Context context = MockPi4j.newContext();
  private final Pi4jHardware hw = new Pi4jHardware(context, new FakeTicker());

  @AfterEach
  void closeHardware() {
    hw.close();
  }

  @Test
  void activeHighValveStartsClosedAtLow() throws Exception {
    ValveOutput valve = hw.valve("zone-1", 17, false);
    assertEquals(DigitalState.LOW, MockPi4j.output(context, 17));
    assertFalse(valve.isOpen());
    assertEquals("zone-1", valve.id());
  }

  @Test
  void activeLowValveStartsClosedAtHigh() throws Exception {
    ValveOutput valve = hw.valve("zone-1", 17, true);
    assertEquals(DigitalState.HIGH, MockPi4j.output(context, 17));
    assertFalse(valve.isOpen());
  }

  @Test
  void activeLowValveOpensAtLowAndReadsBackOpen() throws Exception {
    ValveOutput valve = hw.valve("zone-1", 17, true);
    valve.setOpen(true);
    assertEquals(DigitalState.LOW, MockPi4j.output(context, 17));
    assertTrue(valve.isOpen());
    valve.setOpen(false);
    assertEquals(DigitalState.HIGH, MockPi4j.output(context, 17));
    assertFalse(valve.isOpen());
  }

  @Test
  void activeHighValveOpensAtHigh() throws Exception {
    ValveOutput valve = hw.valve("zone-1", 17, false);
    valve.setOpen(true);
    assertEquals(DigitalState.HIGH, MockPi4j.output(context, 17));
    assertTrue(valve.isOpen());
  }

  @Test
  void closeDrivesClosedThenReleasesTheLine() throws Exception {
    ValveOutput valve = hw.valve("zone-1", 17, false);
    valve.setOpen(true);
    DigitalOutput line = context.io("bcm17", DigitalOutput.class);
    valve.close();
    assertEquals(DigitalState.LOW, line.state());
    assertFalse(context.registry().exists("bcm17"));
  }

  @Test
  void closeIsIdempotentAndTheValveRefusesToOpenAfterwards() throws Exception {
    ValveOutput valve = hw.valve("zone-1", 17, false);
    valve.close();
    valve.close();
    DeviceException e = assertThrows(DeviceException.class, () -> valve.setOpen(true));
    assertEquals("zone-1", e.device());
  }

  @Test
  void theReleasedPinCanBeProvisionedAgain() throws Exception {
    hw.valve("zone-1", 17, false).close();
    ValveOutput again = hw.valve("zone-1", 17, true);
    assertEquals(DigitalState.HIGH, MockPi4j.output(context, 17));
    assertFalse(again.isOpen());
  }
}
