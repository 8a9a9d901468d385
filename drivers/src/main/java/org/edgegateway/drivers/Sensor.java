// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers;

import java.io.IOException;
import java.util.List;

/**
 * A device that measures one or more quantities. {@link #read()} talks to the device once and is called from
 * its bus's sampler thread only; it is bounded in time by the driver's own timeouts.
 */
public interface Sensor extends AutoCloseable {

  /**
   * Reads every quantity of the device once.
   *
   * @throws DeviceException (or another {@link IOException}) naming the device, when it did not answer, answered
   *     garbage, or reported a value that its profile marks as a fault
   */
  List<Sample> read() throws IOException;

  /** Releases the device; idempotent. */
  @Override
  default void close() throws IOException {}
}
