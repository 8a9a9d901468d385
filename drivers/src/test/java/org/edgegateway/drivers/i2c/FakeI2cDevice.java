// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A register-level stand-in for a chip on the bus: subclasses emulate one chip's registers; this records every
 * transaction ({@code "write(f4 25)"}, {@code "read(f7 x8)"}) and can be told to fail the next one. A simulated
 * device for the demo can extend it the same way.
 */
abstract class FakeI2cDevice implements I2cRegisters {
  private final List<String> log = new ArrayList<>();
  private IOException nextFailure;

  /** Makes the next transaction throw {@code e}. */
  final void scheduleThrow(IOException e) {
    nextFailure = e;
  }

  final List<String> log() {
    return List.copyOf(log);
  }

  final List<String> writes() {
    return log.stream().filter(s -> s.startsWith("write")).toList();
  }

  protected abstract void readRegisters(int reg, byte[] buf) throws IOException;

  protected abstract void writeRegisters(int reg, byte[] data) throws IOException;

  @Override
  public final int read(int reg) throws IOException {
    byte[] one = new byte[1];
    read(reg, one);
    return one[0] & 0xFF;
  }

  @Override
  public final void read(int reg, byte[] buf) throws IOException {
    log.add(String.format("read(%02x x%d)", reg, buf.length));
    failIfScheduled();
    readRegisters(reg, buf);
  }

  @Override
  public final void write(int reg, int value) throws IOException {
    write(reg, new byte[] {(byte) value});
  }

  @Override
  public final void write(int reg, byte[] data) throws IOException {
    log.add(String.format("write(%02x %s)", reg, HexFormat.of().formatHex(data)));
    failIfScheduled();
    writeRegisters(reg, data.clone());
  }

  private void failIfScheduled() throws IOException {
    IOException e = nextFailure;
    nextFailure = null;
    if (e != null) throw e;
  }
}
