// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.serial;

import org.edgegateway.drivers.DeviceException;

/**
 * The serial port is gone (USB adapter unplugged, device file removed, I/O error on the descriptor) or has not
 * come back yet. The link tries to reopen it on later calls, with back-off.
 */
public final class PortVanishedException extends DeviceException {

  public PortVanishedException(String port, String message) {
    super(port, message);
  }

  public PortVanishedException(String port, String message, Throwable cause) {
    super(port, message, cause);
  }
}
