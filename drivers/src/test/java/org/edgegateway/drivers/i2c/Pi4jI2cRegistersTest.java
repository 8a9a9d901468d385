// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.pi4j.context.Context;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.gpio.MockPi4j;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pi4jI2cRegistersTest {
  private final Context context = MockPi4j.newContext();

  @AfterEach
  void shutdown() {
    context.shutdown();
  }

  @Test
  void bytesWrittenToARegisterAreReadBack() throws Exception {
    Pi4jI2cRegisters regs = Pi4jI2cRegisters.open(context, 1, 0x76);
    regs.write(0xF4, 0x25);
    assertEquals(0x25, regs.read(0xF4));
    regs.write(0x01, new byte[] {(byte) 0xE3, (byte) 0x83});
    byte[] buf = new byte[2];
    regs.read(0x01, buf);
    assertArrayEquals(new byte[] {(byte) 0xE3, (byte) 0x83}, buf);
  }

  @Test
  void pi4jErrorsBecomeDeviceErrorsNamingBusAndAddress() throws Exception {
    Pi4jI2cRegisters regs = Pi4jI2cRegisters.open(context, 1, 0x48);
    regs.close();
    regs.close();
    assertFalse(context.registry().exists("i2c-1-48"));
    DeviceException e = assertThrows(DeviceException.class, () -> regs.read(0x00));
    assertEquals("i2c-1 0x48", e.device());
  }

  @Test
  void outOfRangeAddressIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Pi4jI2cRegisters.open(context, 1, 0x80));
  }
}
