// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with random jitter from the very first retry, so a fleet that lost its broker at the same
 * instant does not come back at the same instant: the n-th delay after a success (n = 1, 2, ...) is uniform in
 * [min, min(max, min·2ⁿ)], i.e. the first in [min, 2·min], the second in [min, 4·min], and so on up to [min, max].
 * The floor {@code min} stays, so one gateway never retries faster than that; the window above it is as wide as
 * the floor at the first retry (a fleet of N reconnects at about N/min per second instead of all at once) and
 * doubles with every further failure. If {@code max} equals {@code min} there is no room to jitter: every delay
 * is {@code min}. Not thread-safe.
 */
public final class Backoff {
  /** Enough doublings to reach any maximum from a one-millisecond minimum. */
  private static final int MAX_DOUBLINGS = 63;

  private final long minMillis;
  private final long maxMillis;
  private final RandomGenerator random;
  private int failures;

  public Backoff(Duration min, Duration max, RandomGenerator random) {
    if (min.isNegative() || min.isZero()) throw new IllegalArgumentException("min not positive: " + min);
    if (max.compareTo(min) < 0) throw new IllegalArgumentException("max " + max + " below min " + min);
    this.minMillis = min.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** The delay before the next attempt; each call doubles the window until it reaches the maximum. */
  public Duration next() {
    long cap = minMillis;
    for (int i = 0; i <= failures && cap < maxMillis; i++) {
      cap = cap > maxMillis / 2 ? maxMillis : cap * 2;
    }
    if (failures < MAX_DOUBLINGS) failures++;
    return Duration.ofMillis(cap <= minMillis ? minMillis : random.nextLong(minMillis, cap + 1));
  }

  /** After a success: the next delay is drawn from the first window, [min, 2·min], again. */
  public void reset() {
    failures = 0;
  }
}
