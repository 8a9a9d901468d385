// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.edgegateway.uplink.UplinkState.Phase;

/** The mutable side of {@link UplinkState} for uplink implementations: thread-safe, waits bounded. */
public final class UplinkStatus {
  private final Clock clock;
  private Phase phase = Phase.STOPPED;
  private String broker;
  private String lastError;
  private long lastErrorMillis;
  private long sent;
  private long acked;
  private long failed;
  private long lastAckMillis;

  public UplinkStatus(Clock clock) {
    this.clock = clock;
  }

  /** Moves to {@code phase}; a non-null {@code error} becomes the last error. Wakes {@link #awaitOnline}. */
  public synchronized void phase(Phase phase, String error) {
    this.phase = phase;
    if (error != null) {
      lastError = error;
      lastErrorMillis = clock.millis();
    }
    notifyAll();
  }

  public synchronized Phase phase() {
    return phase;
  }

  public synchronized void broker(String broker) {
    this.broker = broker;
  }

  public synchronized void sent() {
    sent++;
  }

  public synchronized void acked() {
    acked++;
    lastAckMillis = clock.millis();
  }

  public synchronized void failed() {
    failed++;
  }

  /** Waits until online or the timeout passes (measured on the monotonic clock); true if online. */
  public synchronized boolean awaitOnline(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (phase != Phase.ONLINE) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return false;
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  public synchronized UplinkState snapshot(long connectAttempts) {
    return new UplinkState(phase, broker, lastError, lastErrorMillis, connectAttempts, sent, acked, failed,
        lastAckMillis);
  }
}
