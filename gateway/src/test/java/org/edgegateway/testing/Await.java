// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling every few milliseconds: the tests' alternative to sleeping. */
public final class Await {
  private static final long POLL_NANOS = 5_000_000;

  private Await() {}

  /** Returns as soon as {@code condition} holds; fails with {@code what} (evaluated late) after {@code timeout}. */
  public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout + ": " + what.get());
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) throw new AssertionError("interrupted waiting for: " + what.get());
    }
  }

  public static void until(Duration timeout, BooleanSupplier condition, String what) {
    until(timeout, condition, () -> what);
  }
}
