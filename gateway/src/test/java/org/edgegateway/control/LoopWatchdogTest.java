// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopWatchdogTest {
  private static final long PERIOD = 100_000_000L;

  @Test
  void feedsOnlyWhileTicksCompleteWithinTheStallTime() {
    LoopMetrics metrics = new LoopMetrics();
    long[] now = {5_000_000_000L};
    AtomicInteger fed = new AtomicInteger();
    LoopWatchdog watchdog = new LoopWatchdog(metrics, PERIOD, () -> now[0], fed::incrementAndGet);

    watchdog.check();
    assertEquals(0, fed.get(), "no tick yet");
    metrics.record(0, 1_000, false, now[0]);
    watchdog.check();
    assertEquals(1, fed.get(), "a tick just ended");
    now[0] += StallSupervisor.stallNanos(PERIOD);
    watchdog.check();
    assertEquals(2, fed.get(), "last tick exactly the stall time ago");
    now[0] += 1;
    watchdog.check();
    assertEquals(2, fed.get(), "stalled: no keep-alive, so systemd restarts the gateway");
    metrics.record(0, 1_000, false, now[0]);
    watchdog.check();
    assertEquals(3, fed.get(), "ticking again");
  }
}
