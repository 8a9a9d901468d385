// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.time.Clock;

/**
 * Whether the wall clock can be trusted: a Pi has no battery clock and may boot offline at 1970 or at its last
 * shutdown time. Plausible means not before the software's build time; a jump of more than an hour against the
 * monotonic clock is reported (it is usually the first time sync).
 */
public final class ClockSanity {
  private static final long JUMP_MILLIS = 3_600_000L;

  private final Clock clock;
  private final long notBeforeMillis;
  private long lastWall;
  private long lastMono;
  private volatile boolean plausible;

  public ClockSanity(Clock clock, long notBeforeMillis) {
    this.clock = clock;
    this.notBeforeMillis = notBeforeMillis;
    this.plausible = clock.millis() >= notBeforeMillis;
  }

  public boolean plausible() {
    return plausible;
  }

  /**
   * Checks the clock at a tick; returns the size of a wall-clock jump in ms since the last check (0 if none).
   * Called from the loop thread only.
   */
  public long check(long monoNanos) {
    long wall = clock.millis();
    long jump = 0;
    if (lastMono != 0) {
      long expected = lastWall + (monoNanos - lastMono) / 1_000_000L;
      if (Math.abs(wall - expected) > JUMP_MILLIS) jump = wall - expected;
    }
    lastWall = wall;
    lastMono = monoNanos;
    plausible = wall >= notBeforeMillis;
    return jump;
  }
}
