// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.data;

/** How far a reading can be trusted. Only {@link #OK} readings drive rules. */
public enum Quality {
  /** Read, in range, timestamp from a plausible clock. */
  OK,
  /** Read, but outside the channel's valid range: a sensor fault, kept for diagnosis. */
  OUT_OF_RANGE,
  /** The device did not give a value (timeout, CRC, NaN); the value is NaN. */
  SENSOR_ERROR,
  /** No valid value for longer than the channel's stale-after. */
  STALE,
  /** Read and in range, but the wall clock was not plausible when it was taken (no time sync yet). */
  UNSYNCED_TIME;

  /** The lower-case name used on the wire and in config, e.g. {@code out-of-range}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
