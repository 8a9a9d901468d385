// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.edgegateway.drivers.DeviceException;
import org.tinylog.Logger;

/**
 * {@link I2cRegisters} over a pi4j {@link I2C} device. pi4j's unchecked errors (e.g. {@code Remote I/O error} when
 * nothing answers) become {@link DeviceException}s naming bus, address and register. Each pi4j bus serialises
 * transactions with a lock that times out after 1 s, which bounds every call here.
 */
public final class Pi4jI2cRegisters implements I2cRegisters, AutoCloseable {
  private final Context context;
  private final I2C device;
  private final String name;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Pi4jI2cRegisters(Context context, I2C device, String name) {
    this.context = context;
    this.device = device;
    this.name = name;
  }

  /** Opens 7-bit {@code address} on {@code /dev/i2c-<bus>} through the context's I2C provider. */
  public static Pi4jI2cRegisters open(Context context, int bus, int address) throws DeviceException {
    if (bus < 0 || bus > 31) throw new IllegalArgumentException("i2c bus out of range: " + bus);
    if (address < 0x03 || address > 0x77) throw new IllegalArgumentException("i2c address out of range: " + address);
    String name = String.format("i2c-%d 0x%02x", bus, address);
    try {
      I2C device = context.create(I2C.newConfigBuilder(context)
          .id(String.format("i2c-%d-%02x", bus, address))
          .name(name)
          .bus(bus)
          .device(address));
      return new Pi4jI2cRegisters(context, device, name);
    } catch (RuntimeException e) {
      throw new DeviceException(name, "cannot open: " + e.getMessage(), e);
    }
  }

  @Override
  public int read(int reg) throws IOException {
    checkRegister(reg);
    int value;
    try {
      value = device.readRegister(reg);
    } catch (RuntimeException e) {
      throw failure("read", reg, e);
    }
    if (value < 0) throw new DeviceException(name, String.format("read reg 0x%02x failed: %d", reg, value));
    return value & 0xFF;
  }

  @Override
  public void read(int reg, byte[] buf) throws IOException {
    checkRegister(reg);
    int n;
    try {
      n = device.readRegister(reg, buf, 0, buf.length);
    } catch (RuntimeException e) {
      throw failure("read", reg, e);
    }
    if (n != buf.length) {
      throw new DeviceException(name, String.format("read reg 0x%02x: %d of %d bytes", reg, n, buf.length));
    }
  }

  @Override
  public void write(int reg, int value) throws IOException {
    checkRegister(reg);
    if (value < 0 || value > 0xFF) throw new IllegalArgumentException("byte out of range: " + value);
    try {
      device.writeRegister(reg, (byte) value);
    } catch (RuntimeException e) {
      throw failure("write", reg, e);
    }
  }

  @Override
  public void write(int reg, byte[] data) throws IOException {
    checkRegister(reg);
    try {
      device.writeRegister(reg, data, 0, data.length);
    } catch (RuntimeException e) {
      throw failure("write", reg, e);
    }
  }

  /** Releases the device; idempotent, never throws. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      if (!context.isShutdown()) context.shutdown(device.id());
    } catch (RuntimeException e) {
      Logger.error(e, "{}: could not release", name);
    }
  }

  private DeviceException failure(String op, int reg, RuntimeException e) {
    return new DeviceException(name, String.format("%s reg 0x%02x failed: %s", op, reg, e.getMessage()), e);
  }

  private static void checkRegister(int reg) {
    if (reg < 0 || reg > 0xFF) throw new IllegalArgumentException("register out of range: " + reg);
  }
}
