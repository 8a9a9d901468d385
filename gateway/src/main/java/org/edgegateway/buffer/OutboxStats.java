// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

/**
 * What the buffer holds and what it lost. {@code oldestMillis} is the wall time of the oldest stored item, or
 * 0 when empty. Drops are counted by cause so the platform can tell a full disk from a cap.
 */
public record OutboxStats(
    long storedEvents,
    long storedTelemetry,
    long oldestMillis,
    long bytesOnDisk,
    long committed,
    long acked,
    long droppedQueueFull,
    long droppedCap,
    long writeErrors) {

  public long stored() {
    return storedEvents + storedTelemetry;
  }

  public long dropped() {
    return droppedQueueFull + droppedCap;
  }
}
