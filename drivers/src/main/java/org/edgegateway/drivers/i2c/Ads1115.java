// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.edgegateway.drivers.DeviceException;

/**
 * A TI ADS1115 16-bit ADC (I2C address 0x48..0x4B): single-shot, single-ended conversions of AIN0..AIN3 against
 * GND at 128 samples/s with a programmable full-scale range. A conversion takes 7.8 ms; the driver waits 8 ms, then
 * polls the ready bit at most 20 times 1 ms apart. Channels share the chip, so calls are serialised.
 */
public final class Ads1115 {
  static final int REG_CONVERSION = 0x00;
  static final int REG_CONFIG = 0x01;
  private static final int OS = 0x8000;
  private static final int MODE_SINGLE_SHOT = 0x0100;
  private static final int DR_128_SPS = 0b100 << 5;
  private static final int COMP_DISABLED = 0b11;
  private static final long FIRST_WAIT_NANOS = 8_000_000L;
  private static final long POLL_NANOS = 1_000_000L;
  private static final int MAX_POLLS = 20;

  /** Full-scale range of the programmable gain amplifier; one LSB is the range / 32768. */
  public enum Gain {
    FS_6_144(0b000, 6.144),
    FS_4_096(0b001, 4.096),
    FS_2_048(0b010, 2.048),
    FS_1_024(0b011, 1.024),
    FS_0_512(0b100, 0.512),
    FS_0_256(0b101, 0.256);

    private final int bits;
    private final double fullScaleVolts;

    Gain(int bits, double fullScaleVolts) {
      this.bits = bits;
      this.fullScaleVolts = fullScaleVolts;
    }

    /** Volts per count. */
    public double lsbVolts() {
      return fullScaleVolts / 32768;
    }
  }

  private final String device;
  private final I2cRegisters regs;
  private final LongConsumer pause;

  /** An ADC that waits with {@link LockSupport#parkNanos}. */
  public Ads1115(String device, I2cRegisters regs) {
    this(device, regs, LockSupport::parkNanos);
  }

  /** @param pause waits the given nanoseconds for the conversion (tests pass one that returns) */
  public Ads1115(String device, I2cRegisters regs, LongConsumer pause) {
    if (device == null || device.isEmpty()) throw new IllegalArgumentException("device name empty");
    if (regs == null || pause == null) throw new IllegalArgumentException(device + ": null argument");
    this.device = device;
    this.regs = regs;
    this.pause = pause;
  }

  public String device() {
    return device;
  }

  /**
   * Converts AIN{@code channel} against GND once and returns volts.
   *
   * @throws DeviceException when the chip does not answer or finish, or the input is at or beyond full scale
   */
  public synchronized double readVolts(int channel, Gain gain) throws IOException {
    if (channel < 0 || channel > 3) throw new IllegalArgumentException("channel out of range 0..3: " + channel);
    if (gain == null) throw new IllegalArgumentException("gain null");
    try {
      int config = OS | (0b100 | channel) << 12 | gain.bits << 9 | MODE_SINGLE_SHOT | DR_128_SPS | COMP_DISABLED;
      regs.write(REG_CONFIG, new byte[] {(byte) (config >> 8), (byte) config});
      awaitConversion(channel);
      int raw = read16(REG_CONVERSION);
      short code = (short) raw;
      if (code == Short.MAX_VALUE || code == Short.MIN_VALUE) {
        throw new DeviceException(device, "AIN" + channel + " at or beyond full scale ±" + gain.fullScaleVolts + " V");
      }
      return code * gain.lsbVolts();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      if (e instanceof DeviceException d && d.device().equals(device)) throw d;
      throw new DeviceException(device, "AIN" + channel + ": " + e.getMessage(), e);
    }
  }

  private void awaitConversion(int channel) throws IOException {
    waitFor(FIRST_WAIT_NANOS);
    for (int polls = 0; (read16(REG_CONFIG) & OS) == 0; polls++) {
      if (polls >= MAX_POLLS) throw new DeviceException(device, "AIN" + channel + " conversion not ready after ~28 ms");
      waitFor(POLL_NANOS);
    }
  }

  private int read16(int reg) throws IOException {
    byte[] b = new byte[2];
    regs.read(reg, b);
    return (b[0] & 0xFF) << 8 | (b[1] & 0xFF);
  }

  private void waitFor(long nanos) throws InterruptedIOException {
    pause.accept(nanos);
    if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException(device + ": interrupted");
  }
}
