// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

/** A reply frame arrived complete but its CRC did not match (line noise, wrong baud rate or parity). */
public final class ModbusCrcException extends ModbusException {

  public ModbusCrcException(String device, String message) {
    super(device, message);
  }
}
