// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TwoPointCalibrationTest {
  private final TwoPointCalibration soil = new TwoPointCalibration(2.80, 0.0, 1.20, 0.45, false);

  @Test
  void calibrationPointsMapToTheirValues() {
    assertEquals(0.0, soil.apply(2.80), 1e-12);
    assertEquals(0.45, soil.apply(1.20), 1e-12);
  }

  @Test
  void unclampedLineExtrapolates() {
    // (3.0 - 2.8) * 0.45 / -1.6 = -0.05625
    assertEquals(-0.05625, soil.apply(3.0), 1e-12);
  }

  @Test
  void clampedLineStaysBetweenThePointValues() {
    TwoPointCalibration clamped = new TwoPointCalibration(2.80, 0.0, 1.20, 0.45, true);
    assertEquals(0.0, clamped.apply(3.0), 0);
    assertEquals(0.45, clamped.apply(0.5), 0);
  }

  @Test
  void equalRawPointsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new TwoPointCalibration(1.0, 0, 1.0, 1, false));
  }
}
