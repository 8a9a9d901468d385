// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

/** Nothing came back within the response timeout: the slave is absent, asleep or set to another baud rate. */
public final class ModbusTimeoutException extends ModbusException {

  public ModbusTimeoutException(String device, String message) {
    super(device, message);
  }
}
