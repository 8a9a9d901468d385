// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The supervisor's decision, driven by a fake monotonic clock (its thread is not started). */
class StallSupervisorTest {
  static final long MS = 1_000_000L;

  final AtomicLong now = new AtomicLong(1_000 * MS);
  final LoopMetrics metrics = new LoopMetrics();
  final AtomicInteger stalls = new AtomicInteger();
  final AtomicInteger recoveries = new AtomicInteger();

  StallSupervisor supervisor(long periodNanos) {
    return new StallSupervisor(metrics, periodNanos, now::get, stalls::incrementAndGet, recoveries::incrementAndGet);
  }

  void tickEndsNow() {
    metrics.record(0, MS, false, now.get());
  }

  @Test
  void aFastLoopIsNotTakenForStalledByAPauseOfAFewTensOfPeriods() {
    StallSupervisor s = supervisor(10 * MS);
    tickEndsNow();
    now.addAndGet(250 * MS); // 25 periods of 10 ms: an ordinary stall of a loaded machine, not a hung loop
    s.check();
    assertEquals(0, stalls.get());
    now.addAndGet(60 * MS);
    s.check();
    assertEquals(1, stalls.get(), "stalled after more than 300 ms");
    s.check();
    assertEquals(1, stalls.get(), "reported once");
    tickEndsNow();
    s.check();
    assertEquals(1, recoveries.get());
  }

  @Test
  void aSlowLoopIsStalledAfterThreePeriods() {
    StallSupervisor s = supervisor(1_000 * MS);
    tickEndsNow();
    now.addAndGet(2_900 * MS);
    s.check();
    assertEquals(0, stalls.get());
    now.addAndGet(200 * MS);
    s.check();
    assertEquals(1, stalls.get());
  }

  @Test
  void theStallTimeIsThreePeriodsButNeverBelow300Milliseconds() {
    assertEquals(300 * MS, StallSupervisor.stallNanos(10 * MS));
    assertEquals(300 * MS, StallSupervisor.stallNanos(100 * MS));
    assertEquals(600 * MS, StallSupervisor.stallNanos(200 * MS));
    assertEquals(30_000 * MS, StallSupervisor.stallNanos(10_000 * MS));
  }
}
