// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

/** A reply was malformed: truncated, a wrong byte count, a wrong echo, or bytes in which no frame was found. */
public final class ModbusFrameException extends ModbusException {

  public ModbusFrameException(String device, String message) {
    super(device, message);
  }
}
