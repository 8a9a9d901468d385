// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers;

import java.io.IOException;

/** A device failed to give a usable value; the message names the device and what went wrong. */
public class DeviceException extends IOException {
  private final String device;

  public DeviceException(String device, String message) {
    super(device + ": " + message);
    this.device = device;
  }

  public DeviceException(String device, String message, Throwable cause) {
    super(device + ": " + message, cause);
    this.device = device;
  }

  /** The device as the config names it, e.g. {@code "soil-1"} or {@code "/dev/ttyUSB0 slave 3"}. */
  public String device() {
    return device;
  }
}
