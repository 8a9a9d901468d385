// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

/**
 * A BME280's register map: chip id, calibration blocks, ctrl_hum latched by the next ctrl_meas write, a forced
 * measurement that stays busy for a set number of status reads, then raw values in 0xF7..0xFE and sleep mode.
 * A skipped measurement (oversampling 0) leaves the reset values 0x80000 / 0x8000, as the chip does.
 */
final class FakeBme280 extends FakeI2cDevice {
  private final byte[] regs = new byte[256];
  private int ctrlHumPending;
  private int busyStatusReads;
  private int busyLeft;
  private int adcT;
  private int adcP;
  private int adcH;

  FakeBme280() {
    regs[Bme280.REG_ID] = 0x60;
  }

  FakeBme280 chipId(int id) {
    regs[Bme280.REG_ID] = (byte) id;
    return this;
  }

  /** Writes dig_T1..dig_P9 little-endian from 0x88 (datasheet table 16). */
  FakeBme280 temperatureAndPressureTrim(int... t1ToP9) {
    for (int i = 0; i < 12; i++) {
      regs[0x88 + 2 * i] = (byte) t1ToP9[i];
      regs[0x89 + 2 * i] = (byte) (t1ToP9[i] >> 8);
    }
    return this;
  }

  /** Packs dig_H1 at 0xA1 and dig_H2..dig_H6 at 0xE1..0xE7, H4/H5 as 12-bit values sharing 0xE5. */
  FakeBme280 humidityTrim(int h1, int h2, int h3, int h4, int h5, int h6) {
    regs[0xA1] = (byte) h1;
    regs[0xE1] = (byte) h2;
    regs[0xE2] = (byte) (h2 >> 8);
    regs[0xE3] = (byte) h3;
    regs[0xE4] = (byte) (h4 >> 4);
    regs[0xE5] = (byte) ((h4 & 0x0F) | (h5 & 0x0F) << 4);
    regs[0xE6] = (byte) (h5 >> 4);
    regs[0xE7] = (byte) h6;
    return this;
  }

  /** The raw ADC values the next measurement produces. */
  FakeBme280 raw(int adcT, int adcP, int adcH) {
    this.adcT = adcT;
    this.adcP = adcP;
    this.adcH = adcH;
    return this;
  }

  /** How many status reads report "measuring" after each trigger. */
  FakeBme280 busyFor(int statusReads) {
    this.busyStatusReads = statusReads;
    return this;
  }

  @Override
  protected void readRegisters(int reg, byte[] buf) {
    for (int i = 0; i < buf.length; i++) {
      int r = reg + i;
      if (r == Bme280.REG_STATUS) {
        buf[i] = (byte) (busyLeft > 0 ? 0x08 : 0x00);
        if (busyLeft > 0) busyLeft--;
      } else {
        buf[i] = regs[r & 0xFF];
      }
    }
  }

  @Override
  protected void writeRegisters(int reg, byte[] data) {
    for (int i = 0; i < data.length; i++) write1(reg + i, data[i] & 0xFF);
  }

  private void write1(int reg, int value) {
    if (reg == Bme280.REG_CTRL_HUM) {
      ctrlHumPending = value & 0x07;
      regs[reg] = (byte) value;
    } else if (reg == Bme280.REG_CTRL_MEAS) {
      int mode = value & 0x03;
      regs[reg] = (byte) value;
      if (mode == 0x01 || mode == 0x02) measure((value >> 5) & 0x07, (value >> 2) & 0x07, ctrlHumPending);
    } else if (reg == Bme280.REG_CONFIG) {
      regs[reg] = (byte) value;
    }
  }

  private void measure(int osrsT, int osrsP, int osrsH) {
    int t = osrsT == 0 ? 0x80000 : adcT;
    int p = osrsP == 0 ? 0x80000 : adcP;
    int h = osrsH == 0 ? 0x8000 : adcH;
    regs[0xF7] = (byte) (p >> 12);
    regs[0xF8] = (byte) (p >> 4);
    regs[0xF9] = (byte) ((p & 0x0F) << 4);
    regs[0xFA] = (byte) (t >> 12);
    regs[0xFB] = (byte) (t >> 4);
    regs[0xFC] = (byte) ((t & 0x0F) << 4);
    regs[0xFD] = (byte) (h >> 8);
    regs[0xFE] = (byte) h;
    regs[Bme280.REG_CTRL_MEAS] &= (byte) 0xFC;
    busyLeft = busyStatusReads;
  }
}
