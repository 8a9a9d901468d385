// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;

/**
 * Turns a {@link PulseSource} into quantities: {@code total} since start (count times the volume per pulse) and
 * {@code rate} over a sliding window. The window is spanned by the counts seen at earlier {@link #read()} calls, so
 * the rate is the average over at least the window once reads have covered it, and over all reads before that; the
 * first read has no interval and gives {@code total} only. Not thread-safe: one sampler thread reads it.
 */
public final class PulseMeter implements Sensor {

  /** What a pulse measures: the unit of the total, and the unit and time base of the rate. */
  public enum Kind {
    /** Tipping-bucket rain gauge: mm of rain, rate in mm/h. */
    RAIN("mm", "mm/h", 3600),
    /** Flow meter: litres, rate in l/s. */
    FLOW("l", "l/s", 1);

    private final String totalUnit;
    private final String rateUnit;
    private final double rateSeconds;

    Kind(String totalUnit, String rateUnit, double rateSeconds) {
      this.totalUnit = totalUnit;
      this.rateUnit = rateUnit;
      this.rateSeconds = rateSeconds;
    }
  }

  private static final int MAX_POINTS = 1024;

  private final PulseSource source;
  private final Kind kind;
  private final double unitsPerPulse;
  private final long windowNanos;
  private final LongSupplier ticker;
  private final ArrayDeque<long[]> points = new ArrayDeque<>();

  /**
   * @param unitsPerPulse the gauge's or meter's calibration in the kind's total unit, e.g. 0.2 (mm) or 0.5 (l)
   * @param window the span the rate is averaged over, 1 s to 1 day
   * @param ticker monotonic nanoseconds
   */
  public PulseMeter(PulseSource source, Kind kind, double unitsPerPulse, Duration window, LongSupplier ticker) {
    if (source == null || kind == null || ticker == null) throw new IllegalArgumentException("null argument");
    if (!(unitsPerPulse > 0) || Double.isInfinite(unitsPerPulse)) {
      throw new IllegalArgumentException("units per pulse not positive: " + unitsPerPulse);
    }
    if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("window out of range 1s..1d: " + window);
    }
    this.source = source;
    this.kind = kind;
    this.unitsPerPulse = unitsPerPulse;
    this.windowNanos = window.toNanos();
    this.ticker = ticker;
  }

  @Override
  public List<Sample> read() {
    long count = source.count();
    long now = ticker.getAsLong();
    Sample total = new Sample("total", count * unitsPerPulse, kind.totalUnit);
    // Keep the newest point at or before the window start as the anchor, drop anything older.
    while (points.size() >= 2 && now - secondTime() >= windowNanos) {
      points.removeFirst();
    }
    long[] anchor = points.peekFirst();
    points.addLast(new long[] {now, count});
    if (points.size() > MAX_POINTS) points.removeFirst();
    if (anchor == null || now <= anchor[0]) return List.of(total);
    double seconds = (now - anchor[0]) / 1e9;
    double rate = (count - anchor[1]) * unitsPerPulse / seconds * kind.rateSeconds;
    return List.of(total, new Sample("rate", rate, kind.rateUnit));
  }

  private long secondTime() {
    Iterator<long[]> it = points.iterator();
    it.next();
    return it.next()[0];
  }
}
