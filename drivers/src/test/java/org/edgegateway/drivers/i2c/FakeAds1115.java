// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import java.io.IOException;

/**
 * An ADS1115's config and conversion registers: writing the config with OS set starts a single-shot conversion of
 * the selected single-ended input at the selected full-scale range; the OS bit reads 0 for a set number of config
 * reads, then the code appears in the conversion register. Codes are volts / (FSR / 32768), floored and clipped to
 * the 16-bit range as the chip clips them.
 */
final class FakeAds1115 extends FakeI2cDevice {
  private static final double[] FSR = {6.144, 4.096, 2.048, 1.024, 0.512, 0.256, 0.256, 0.256};

  private final double[] inputVolts = new double[4];
  private int config = 0x8583;
  private int conversion;
  private int pending;
  private int busyReads;
  private int busyLeft;

  FakeAds1115 input(int channel, double volts) {
    inputVolts[channel] = volts;
    return this;
  }

  /** How many config reads show the conversion still running after each start. */
  FakeAds1115 busyFor(int configReads) {
    busyReads = configReads;
    return this;
  }

  @Override
  protected void readRegisters(int reg, byte[] buf) throws IOException {
    if (buf.length != 2) throw new IOException("ADS1115 registers are 16-bit; read of " + buf.length);
    int value;
    if (reg == Ads1115.REG_CONFIG) {
      value = busyLeft > 0 ? config & ~0x8000 : config | 0x8000;
      if (busyLeft > 0 && --busyLeft == 0) conversion = pending;
    } else if (reg == Ads1115.REG_CONVERSION) {
      value = conversion;
    } else {
      throw new IOException("no register " + reg);
    }
    buf[0] = (byte) (value >> 8);
    buf[1] = (byte) value;
  }

  @Override
  protected void writeRegisters(int reg, byte[] data) throws IOException {
    if (reg != Ads1115.REG_CONFIG || data.length != 2) throw new IOException("bad write to register " + reg);
    config = (data[0] & 0xFF) << 8 | (data[1] & 0xFF);
    boolean start = (config & 0x8000) != 0;
    int mux = (config >> 12) & 0x7;
    if (!start || mux < 4) return;
    double lsb = FSR[(config >> 9) & 0x7] / 32768;
    long code = (long) Math.floor(inputVolts[mux - 4] / lsb);
    pending = (int) Math.max(-32768, Math.min(32767, code)) & 0xFFFF;
    busyLeft = busyReads;
    if (busyLeft == 0) conversion = pending;
  }
}
