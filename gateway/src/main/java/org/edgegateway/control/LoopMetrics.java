// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Tick start lateness and tick duration, recorded wait-free by the loop thread into HdrHistograms and read by the
 * status side as cumulative snapshots; overruns (a tick that ended after the next one was due) are counted.
 */
public final class LoopMetrics {
  private static final long MAX_NANOS = 60_000_000_000L;

  private final Recorder lateness = new Recorder(MAX_NANOS, 3);
  private final Recorder duration = new Recorder(MAX_NANOS, 3);
  private final Histogram latenessTotal = new Histogram(MAX_NANOS, 3);
  private final Histogram durationTotal = new Histogram(MAX_NANOS, 3);
  private final AtomicLong ticks = new AtomicLong();
  private final AtomicLong overruns = new AtomicLong();
  private volatile long lastTickEndNanos;

  public LoopMetrics() {}

  void record(long latenessNanos, long durationNanos, boolean overrun, long endNanos) {
    lateness.recordValue(Math.min(MAX_NANOS, Math.max(0, latenessNanos)));
    duration.recordValue(Math.min(MAX_NANOS, Math.max(0, durationNanos)));
    ticks.incrementAndGet();
    if (overrun) overruns.incrementAndGet();
    lastTickEndNanos = endNanos;
  }

  public long ticks() {
    return ticks.get();
  }

  public long overruns() {
    return overruns.get();
  }

  /** Monotonic time the last tick completed (0 before the first). */
  public long lastTickEndNanos() {
    return lastTickEndNanos;
  }

  /** Percentiles since start, in microseconds. Called from the status thread only. */
  public synchronized Summary summary() {
    latenessTotal.add(lateness.getIntervalHistogram());
    durationTotal.add(duration.getIntervalHistogram());
    return new Summary(ticks.get(), overruns.get(), percentiles(latenessTotal), percentiles(durationTotal));
  }

  /** A copy of every tick's start lateness since start, in nanoseconds (benchmarks subtract two copies). */
  public synchronized Histogram latenessNanos() {
    latenessTotal.add(lateness.getIntervalHistogram());
    return latenessTotal.copy();
  }

  /** A copy of every tick's duration since start, in nanoseconds. */
  public synchronized Histogram durationNanos() {
    durationTotal.add(duration.getIntervalHistogram());
    return durationTotal.copy();
  }

  private static long[] percentiles(Histogram h) {
    if (h.getTotalCount() == 0) return new long[4];
    return new long[] {h.getValueAtPercentile(50) / 1000, h.getValueAtPercentile(99) / 1000,
        h.getValueAtPercentile(99.9) / 1000, h.getMaxValue() / 1000};
  }

  /** p50, p99, p99.9 and max of lateness and duration in µs. */
  public record Summary(long ticks, long overruns, long[] latenessMicros, long[] durationMicros) {}
}
