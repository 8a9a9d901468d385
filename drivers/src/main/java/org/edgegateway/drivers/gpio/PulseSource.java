// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

/** A counter of pulses (flow meter, tipping-bucket rain gauge); counts only go up. */
public interface PulseSource extends AutoCloseable {

  /** Pulses counted since the source was created. Safe to call from any thread. */
  long count();

  @Override
  default void close() {}
}
