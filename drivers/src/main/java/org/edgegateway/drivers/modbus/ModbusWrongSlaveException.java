// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

/** A valid frame came back from another slave address than the one asked (duplicate address, late reply). */
public final class ModbusWrongSlaveException extends ModbusException {
  private final int replyingSlave;

  public ModbusWrongSlaveException(String device, String message, int replyingSlave) {
    super(device, message);
    this.replyingSlave = replyingSlave;
  }

  /** The address the reply carried. */
  public int replyingSlave() {
    return replyingSlave;
  }
}
