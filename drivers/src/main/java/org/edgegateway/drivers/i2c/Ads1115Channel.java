// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import java.io.IOException;
import java.util.List;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;

/**
 * One single-ended input of an {@link Ads1115} as a {@link Sensor}: gives {@code voltage} (V) and, when a
 * calibration is set, the calibrated quantity too (e.g. {@code moisture} in {@code /}).
 */
public final class Ads1115Channel implements Sensor {
  private final Ads1115 adc;
  private final int channel;
  private final Ads1115.Gain gain;
  private final TwoPointCalibration calibration;
  private final String quantity;
  private final String unit;

  /** A channel that reports volts only. */
  public Ads1115Channel(Ads1115 adc, int channel, Ads1115.Gain gain) {
    this(adc, channel, gain, null, null, null);
  }

  /**
   * A channel that also reports {@code calibration.apply(volts)} as {@code quantity} in {@code unit}.
   *
   * @param calibration null for volts only, then quantity and unit are ignored
   */
  public Ads1115Channel(Ads1115 adc, int channel, Ads1115.Gain gain, TwoPointCalibration calibration,
      String quantity, String unit) {
    if (adc == null || gain == null) throw new IllegalArgumentException("adc or gain null");
    if (channel < 0 || channel > 3) throw new IllegalArgumentException("channel out of range 0..3: " + channel);
    if (calibration != null && (quantity == null || quantity.isEmpty() || unit == null)) {
      throw new IllegalArgumentException(adc.device() + ": calibrated channel needs quantity and unit");
    }
    this.adc = adc;
    this.channel = channel;
    this.gain = gain;
    this.calibration = calibration;
    this.quantity = quantity;
    this.unit = unit;
  }

  @Override
  public List<Sample> read() throws IOException {
    double volts = adc.readVolts(channel, gain);
    Sample voltage = new Sample("voltage", volts, "V");
    if (calibration == null) return List.of(voltage);
    return List.of(voltage, new Sample(quantity, calibration.apply(volts), unit));
  }
}
