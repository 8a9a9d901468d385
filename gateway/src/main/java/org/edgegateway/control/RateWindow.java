// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

/**
 * A channel's rate of change per hour over a window, from values kept every window/20 in a fixed ring (no
 * allocation per tick). NaN until a value as old as the window is known, or while the channel has no value.
 */
final class RateWindow {
  private static final int SLOTS = 21;

  private final long windowNanos;
  private final long stepNanos;
  private final long[] at = new long[SLOTS];
  private final double[] values = new double[SLOTS];
  private int head;
  private int size;

  RateWindow(long windowNanos) {
    this.windowNanos = windowNanos;
    this.stepNanos = windowNanos / (SLOTS - 1);
  }

  /** Records {@code value} (if due) and returns the change per hour since about one window ago. */
  double perHour(long nowNanos, double value) {
    if (Double.isNaN(value)) return Double.NaN;
    int last = (head - 1 + SLOTS) % SLOTS;
    if (size == 0 || nowNanos - at[last] >= stepNanos) {
      at[head] = nowNanos;
      values[head] = value;
      head = (head + 1) % SLOTS;
      size = Math.min(size + 1, SLOTS);
    }
    int oldest = (head - size + SLOTS) % SLOTS;
    long span = nowNanos - at[oldest];
    if (span < windowNanos) return Double.NaN;
    return (value - values[oldest]) / (span / 3.6e12);
  }
}
