// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

/**
 * A straight line through two measured points, from a raw reading (e.g. volts of a capacitive soil probe in dry
 * air and in water) to a quantity (e.g. volumetric water content). With {@code clamp}, results stay between the
 * two points' values, so a probe drier than its dry point reads as dry rather than negative.
 */
public record TwoPointCalibration(double raw1, double value1, double raw2, double value2, boolean clamp) {

  public TwoPointCalibration {
    if (!Double.isFinite(raw1) || !Double.isFinite(raw2) || !Double.isFinite(value1) || !Double.isFinite(value2)) {
      throw new IllegalArgumentException("calibration points not finite");
    }
    if (raw1 == raw2) throw new IllegalArgumentException("calibration raw points equal: " + raw1);
  }

  /** Maps a raw reading onto the line. */
  public double apply(double raw) {
    double value = value1 + (raw - raw1) * (value2 - value1) / (raw2 - raw1);
    if (!clamp) return value;
    return Math.max(Math.min(value1, value2), Math.min(Math.max(value1, value2), value));
  }
}
