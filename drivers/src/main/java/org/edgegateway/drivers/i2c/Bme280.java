// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;

/**
 * A Bosch BME280 at I2C address 0x76 or 0x77: each {@link #read()} checks the chip id (0x60), reads the trimming
 * parameters once, runs one forced-mode measurement with 1x oversampling and the IIR filter off, and compensates
 * it with the datasheet's integer formulas. Gives {@code temperature} (Cel), {@code humidity} (%RH) and
 * {@code pressure} (Pa). A read waits at most about 30 ms for the conversion (9.3 ms maximum at these settings).
 */
public final class Bme280 implements Sensor {
  static final int CHIP_ID = 0x60;
  static final int REG_ID = 0xD0;
  static final int REG_CTRL_HUM = 0xF2;
  static final int REG_STATUS = 0xF3;
  static final int REG_CTRL_MEAS = 0xF4;
  static final int REG_CONFIG = 0xF5;
  static final int REG_DATA = 0xF7;
  /** osrs_t = x1, osrs_p = x1, mode = forced. */
  static final int CTRL_MEAS_FORCED = 0b001_001_01;
  static final int OSRS_H_X1 = 0b001;
  private static final int STATUS_MEASURING = 0x08;
  private static final long FIRST_WAIT_NANOS = 10_000_000L;
  private static final long POLL_NANOS = 1_000_000L;
  private static final int MAX_POLLS = 20;

  private final String device;
  private final I2cRegisters regs;
  private final LongConsumer pause;
  private Bme280Calibration calibration;

  /** A driver that waits with {@link LockSupport#parkNanos}. */
  public Bme280(String device, I2cRegisters regs) {
    this(device, regs, LockSupport::parkNanos);
  }

  /** @param pause waits the given nanoseconds between trigger and status polls (tests pass one that returns) */
  public Bme280(String device, I2cRegisters regs, LongConsumer pause) {
    if (device == null || device.isEmpty()) throw new IllegalArgumentException("device name empty");
    if (regs == null || pause == null) throw new IllegalArgumentException(device + ": null argument");
    this.device = device;
    this.regs = regs;
    this.pause = pause;
  }

  @Override
  public List<Sample> read() throws IOException {
    try {
      checkChipId();
      Bme280Calibration cal = calibration();
      byte[] data = measure();
      return compensate(cal, data);
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw ownError(e);
    }
  }

  /** Our own errors pass; a bus error (which names bus and address) is wrapped to name this sensor. */
  private DeviceException ownError(IOException e) {
    if (e instanceof DeviceException d && d.device().equals(device)) return d;
    return new DeviceException(device, e.getMessage(), e);
  }

  private void checkChipId() throws IOException {
    int id = regs.read(REG_ID);
    if (id != CHIP_ID) {
      throw new DeviceException(device, String.format("chip id 0x%02x, expected 0x%02x (BME280)", id, CHIP_ID));
    }
  }

  private Bme280Calibration calibration() throws IOException {
    if (calibration == null) {
      byte[] tp = new byte[Bme280Calibration.TP_LEN];
      byte[] h = new byte[Bme280Calibration.H_LEN];
      regs.read(Bme280Calibration.TP_REG, tp);
      regs.read(Bme280Calibration.H_REG, h);
      Bme280Calibration cal = Bme280Calibration.parse(tp, h);
      if (cal.t1() == 0 || cal.p1() == 0) throw new DeviceException(device, "calibration blank (dig_T1 or dig_P1 0)");
      calibration = cal;
      regs.write(REG_CONFIG, 0x00);
    }
    return calibration;
  }

  private byte[] measure() throws IOException {
    // ctrl_hum takes effect only with the following write to ctrl_meas.
    regs.write(REG_CTRL_HUM, OSRS_H_X1);
    regs.write(REG_CTRL_MEAS, CTRL_MEAS_FORCED);
    waitFor(FIRST_WAIT_NANOS);
    int polls = 0;
    while ((regs.read(REG_STATUS) & STATUS_MEASURING) != 0) {
      if (++polls > MAX_POLLS) throw new DeviceException(device, "measurement not done after ~30 ms");
      waitFor(POLL_NANOS);
    }
    byte[] data = new byte[8];
    regs.read(REG_DATA, data);
    return data;
  }

  private List<Sample> compensate(Bme280Calibration cal, byte[] d) throws DeviceException {
    int adcP = (d[0] & 0xFF) << 12 | (d[1] & 0xFF) << 4 | (d[2] & 0xFF) >> 4;
    int adcT = (d[3] & 0xFF) << 12 | (d[4] & 0xFF) << 4 | (d[5] & 0xFF) >> 4;
    int adcH = (d[6] & 0xFF) << 8 | (d[7] & 0xFF);
    if (adcT == 0x80000 || adcP == 0x80000 || adcH == 0x8000) {
      throw new DeviceException(device, "measurement skipped (reset value in data registers)");
    }
    int tFine = cal.tFine(adcT);
    double celsius = Bme280Calibration.temperatureCenti(tFine) / 100.0;
    double pascal = cal.pressureQ24p8(adcP, tFine) / 256.0;
    double rh = cal.humidityQ22p10(adcH, tFine) / 1024.0;
    if (celsius < -40 || celsius > 85) throw new DeviceException(device, "temperature out of range: " + celsius);
    if (pascal < 30_000 || pascal > 110_000) throw new DeviceException(device, "pressure out of range: " + pascal);
    return List.of(new Sample("temperature", celsius, "Cel"), new Sample("humidity", rh, "%RH"),
        new Sample("pressure", pascal, "Pa"));
  }

  private void waitFor(long nanos) throws InterruptedIOException {
    pause.accept(nanos);
    if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException(device + ": interrupted");
  }
}
