// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import java.io.IOException;

/** A debounced digital input (rain contact, door contact, float switch); active-low wiring already applied. */
public interface DigitalSource extends AutoCloseable {

  /** True while the contact is active (rain detected, door open, float up). */
  boolean isActive() throws IOException;

  @Override
  default void close() {}
}
