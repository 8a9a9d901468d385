// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import java.io.IOException;

/**
 * Register access to one device on an I2C bus: each call is one bus transaction (a register-pointer write, then a
 * read or the data). Implementations bound each call in time and report failures as {@link IOException}s naming
 * bus, address and register. Drivers depend only on this, so a fake or simulated device can stand in.
 */
public interface I2cRegisters {

  /** Reads one byte from register {@code reg} (0..255), as 0..255. */
  int read(int reg) throws IOException;

  /** Reads {@code buf.length} consecutive bytes starting at register {@code reg} in one transaction. */
  void read(int reg, byte[] buf) throws IOException;

  /** Writes one byte ({@code value} 0..255) to register {@code reg}. */
  void write(int reg, int value) throws IOException;

  /** Writes {@code data} to register {@code reg} and on, in one transaction (e.g. a 16-bit register MSB first). */
  void write(int reg, byte[] data) throws IOException;
}
