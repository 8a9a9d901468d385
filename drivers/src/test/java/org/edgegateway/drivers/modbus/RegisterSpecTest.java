// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RegisterSpecTest {
  private static RegisterSpec spec(RegisterSpec.Type type, double scale, double offset) {
    return new RegisterSpec("q", 3, 0, type, RegisterSpec.WordOrder.BIG, scale, offset, "Cel", -1e12, 1e12);
  }

  @Test
  void scaledValueIsTheDoubleNearestTheDecimalTheProfileMeans() {
    // Binary arithmetic gives 234 * 0.1 = 23.400000000000002 and 12797 * 0.01 - 100 = 27.97000000000001.
    assertEquals(23.4, spec(RegisterSpec.Type.UINT16, 0.1, 0).decode(new int[] {234}, 0), 0.0);
    assertEquals(27.97, spec(RegisterSpec.Type.UINT16, 0.01, -100).decode(new int[] {12797}, 0), 0.0);
    assertEquals(-10.1, spec(RegisterSpec.Type.INT16, 0.1, 0).decode(new int[] {0xFF9B}, 0), 0.0);
    assertEquals(0.3, spec(RegisterSpec.Type.UINT16, 0.0001, 0).decode(new int[] {3000}, 0), 0.0);
    assertEquals(4294967.295, spec(RegisterSpec.Type.UINT32, 0.001, 0).decode(new int[] {0xFFFF, 0xFFFF}, 0), 0.0);
  }

  @Test
  void float32RegisterKeepsTheDevicesValueExactly() {
    int bits = Float.floatToIntBits(23.4f);
    double value = spec(RegisterSpec.Type.FLOAT32, 1, 0).decode(new int[] {bits >>> 16, bits & 0xFFFF}, 0);
    assertEquals((double) 23.4f, value, 0.0);
  }
}
