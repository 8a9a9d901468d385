// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full random jitter between reconnect attempts, so a fleet does not stampede a
 * restarted broker: the n-th delay is uniform in [min, min(max, min·2^n)]. Not thread-safe.
 */
public final class Backoff {
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

  /** The delay before the next attempt; each call widens the window until it reaches the maximum. */
  public Duration next() {
    long cap = minMillis;
    for (int i = 0; i < failures && cap < maxMillis; i++) {
      cap = Math.min(maxMillis, cap * 2);
    }
    failures++;
    return Duration.ofMillis(cap == minMillis ? minMillis : random.nextLong(minMillis, cap + 1));
  }

  /** After a success: the next delay starts from the minimum again. */
  public void reset() {
    failures = 0;
  }
}
