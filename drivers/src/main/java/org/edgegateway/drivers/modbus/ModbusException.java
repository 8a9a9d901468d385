// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import org.edgegateway.drivers.DeviceException;

/**
 * A Modbus request failed. The device is named as {@code "<port> slave <n>"} and the message names the function
 * and registers. Subclasses tell what went wrong; all but {@link ModbusSlaveException} are retried by
 * {@link ModbusRtuMaster} before they reach the caller.
 */
public class ModbusException extends DeviceException {

  public ModbusException(String device, String message) {
    super(device, message);
  }

  public ModbusException(String device, String message, Throwable cause) {
    super(device, message, cause);
  }
}
