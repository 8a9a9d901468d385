// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import java.time.Duration;
import java.util.function.LongSupplier;

/** Monotonic nanoseconds that move only when a test says so. */
final class FakeTicker implements LongSupplier {
  private volatile long nanos = 1_000_000_000L;

  @Override
  public long getAsLong() {
    return nanos;
  }

  void advance(Duration d) {
    nanos += d.toNanos();
  }

  void advanceMicros(long micros) {
    nanos += micros * 1000;
  }
}
