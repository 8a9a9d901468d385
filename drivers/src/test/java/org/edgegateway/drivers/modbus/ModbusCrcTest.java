// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModbusCrcTest {

  @Test
  void crcOfPublishedReadRequestIsC40B() {
    byte[] body = {0x01, 0x03, 0x00, 0x00, 0x00, 0x02};
    assertArrayEquals(bytes(0x01, 0x03, 0x00, 0x00, 0x00, 0x02, 0xC4, 0x0B), ModbusCrc.append(body));
  }

  @Test
  void crcOfModbusSpecExampleFrameMatches() {
    // "Modbus over serial line" guide / Simply Modbus example: read 3 holding registers from 107 of slave 17.
    assertTrue(ModbusCrc.check(bytes(0x11, 0x03, 0x00, 0x6B, 0x00, 0x03, 0x76, 0x87), 0, 8));
  }

  @Test
  void crcsOfPublishedSensorFramesMatch() {
    // DFRobot SEN0601 wiki, "Communication Protocol Description": request and response.
    assertTrue(ModbusCrc.check(bytes(0x01, 0x03, 0x00, 0x00, 0x00, 0x03, 0x05, 0xCB), 0, 8));
    assertTrue(ModbusCrc.check(bytes(0x01, 0x03, 0x06, 0x02, 0x92, 0xFF, 0x9B, 0x03, 0xE8, 0xD8, 0x0F), 0, 11));
    // e-tinkers/Modbus-RTU SHT20 README: read both input registers, request and response.
    assertTrue(ModbusCrc.check(bytes(0x01, 0x04, 0x00, 0x01, 0x00, 0x02, 0x20, 0x0B), 0, 8));
    assertTrue(ModbusCrc.check(bytes(0x01, 0x04, 0x04, 0x01, 0x31, 0x02, 0x22, 0x2A, 0xCE), 0, 9));
  }

  @Test
  void corruptedFrameFailsCheck() {
    assertFalse(ModbusCrc.check(bytes(0x01, 0x03, 0x00, 0x01, 0x00, 0x02, 0xC4, 0x0B), 0, 8));
    assertFalse(ModbusCrc.check(bytes(0x01, 0x03), 0, 2));
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
    return b;
  }
}
