// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

/** CRC-16/MODBUS (reflected polynomial 0xA001, initial value 0xFFFF), sent low byte first after the frame. */
public final class ModbusCrc {
  private ModbusCrc() {}

  /** The CRC of {@code data[off..off+len)}. */
  public static int of(byte[] data, int off, int len) {
    int crc = 0xFFFF;
    for (int i = off; i < off + len; i++) {
      crc ^= data[i] & 0xFF;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
      }
    }
    return crc;
  }

  /** Whether the last two bytes of {@code data[off..off+len)} are the CRC of the bytes before them. */
  public static boolean check(byte[] data, int off, int len) {
    if (len < 3) return false;
    int crc = of(data, off, len - 2);
    return (data[off + len - 2] & 0xFF) == (crc & 0xFF) && (data[off + len - 1] & 0xFF) == (crc >>> 8);
  }

  /** A copy of {@code frame} with its CRC appended. */
  public static byte[] append(byte[] frame) {
    byte[] out = java.util.Arrays.copyOf(frame, frame.length + 2);
    int crc = of(frame, 0, frame.length);
    out[frame.length] = (byte) crc;
    out[frame.length + 1] = (byte) (crc >>> 8);
    return out;
  }
}
