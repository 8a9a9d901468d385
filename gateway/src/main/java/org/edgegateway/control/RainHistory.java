// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

/**
 * A rain gauge's running total sampled once a minute into a fixed ring (no allocation per tick), to answer "how
 * much rain fell in the last {@code window}" for rain skip. Totals that go down (a restarted counter) restart the
 * history.
 */
final class RainHistory {
  private static final long MINUTE = 60_000_000_000L;

  private final long[] nanos;
  private final double[] totals;
  private int head;
  private int size;

  RainHistory(long windowNanos) {
    int slots = (int) Math.min(20_160, windowNanos / MINUTE + 2);
    nanos = new long[slots];
    totals = new double[slots];
  }

  void record(long nowNanos, double total) {
    if (Double.isNaN(total)) return;
    if (size > 0) {
      int last = (head - 1 + nanos.length) % nanos.length;
      if (total < totals[last]) size = 0;
      else if (nowNanos - nanos[last] < MINUTE) return;
    }
    nanos[head] = nowNanos;
    totals[head] = total;
    head = (head + 1) % nanos.length;
    size = Math.min(size + 1, nanos.length);
  }

  /** Rain in the last {@code windowNanos} given the current total; NaN with no history. */
  double within(long nowNanos, long windowNanos, double currentTotal) {
    if (size == 0 || Double.isNaN(currentTotal)) return Double.NaN;
    double base = Double.NaN;
    for (int i = 0; i < size; i++) {
      int idx = (head - size + i + nanos.length) % nanos.length;
      if (nowNanos - nanos[idx] <= windowNanos) {
        base = totals[idx];
        break;
      }
    }
    if (Double.isNaN(base)) base = totals[(head - 1 + nanos.length) % nanos.length];
    return Math.max(0, currentTotal - base);
  }
}
