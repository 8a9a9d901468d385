// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import java.io.IOException;

/**
 * A relay that drives a valve, pump or master valve. Implementations drive the line to <em>closed</em> the moment
 * they are created, and honour active-low wiring, so {@code setOpen(true)} always means "water flows".
 * Only the gateway's safety layer calls {@link #setOpen}.
 */
public interface ValveOutput extends AutoCloseable {

  /** The id of the valve in the config. */
  String id();

  /** Drives the valve open or closed. */
  void setOpen(boolean open) throws IOException;

  /** What the line is driven to now, read back from the hardware where it can be. */
  boolean isOpen() throws IOException;

  /** Drives the valve closed, then releases the line; idempotent, never throws. */
  @Override
  void close();
}
