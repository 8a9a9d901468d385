// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

/** The slave answered with a Modbus exception response; not retried, since asking again gives the same answer. */
public final class ModbusSlaveException extends ModbusException {
  private final int code;

  public ModbusSlaveException(String device, String request, int code) {
    super(device, request + ": exception " + String.format("%02X", code) + " " + nameOf(code));
    this.code = code;
  }

  /** The exception code, e.g. 2 for illegal data address. */
  public int code() {
    return code;
  }

  /** The code's name from the Modbus application protocol specification, e.g. {@code "ILLEGAL DATA ADDRESS"}. */
  public String codeName() {
    return nameOf(code);
  }

  static String nameOf(int code) {
    return switch (code) {
      case 0x01 -> "ILLEGAL FUNCTION";
      case 0x02 -> "ILLEGAL DATA ADDRESS";
      case 0x03 -> "ILLEGAL DATA VALUE";
      case 0x04 -> "SLAVE DEVICE FAILURE";
      case 0x05 -> "ACKNOWLEDGE";
      case 0x06 -> "SLAVE DEVICE BUSY";
      case 0x08 -> "MEMORY PARITY ERROR";
      case 0x0A -> "GATEWAY PATH UNAVAILABLE";
      case 0x0B -> "GATEWAY TARGET DEVICE FAILED TO RESPOND";
      default -> "UNKNOWN EXCEPTION";
    };
  }
}
