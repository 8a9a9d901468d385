// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.serial;

/**
 * How to open a serial port: device path, baud rate and character framing. Only the framings Modbus RTU and
 * common RS-485 sensors use are allowed (7 or 8 data bits, parity none/even/odd, 1 or 2 stop bits).
 */
public record SerialSettings(String port, int baud, int dataBits, Parity parity, int stopBits) {

  /** Parity bit of each character. */
  public enum Parity { NONE, EVEN, ODD }

  public SerialSettings {
    if (port == null || port.isBlank()) throw new IllegalArgumentException("port empty");
    if (baud < 300 || baud > 4_000_000) throw new IllegalArgumentException("baud out of range: " + baud);
    if (dataBits != 7 && dataBits != 8) throw new IllegalArgumentException("data bits not 7 or 8: " + dataBits);
    if (parity == null) throw new IllegalArgumentException("parity null for " + port);
    if (stopBits != 1 && stopBits != 2) throw new IllegalArgumentException("stop bits not 1 or 2: " + stopBits);
  }

  /** 8 data bits, no parity, 1 stop bit: the default of most RS-485 sensors. */
  public static SerialSettings of8N1(String port, int baud) {
    return new SerialSettings(port, baud, 8, Parity.NONE, 1);
  }

  /** Bits on the wire per character: start bit, data bits, parity bit if any, stop bits. */
  public int bitsPerCharacter() {
    return 1 + dataBits + (parity == Parity.NONE ? 0 : 1) + stopBits;
  }

  /** Time one character takes on the wire, in nanoseconds. */
  public long characterNanos() {
    return bitsPerCharacter() * 1_000_000_000L / baud;
  }

  @Override
  public String toString() {
    return port + " " + baud + " " + dataBits + parity.name().charAt(0) + stopBits;
  }
}
