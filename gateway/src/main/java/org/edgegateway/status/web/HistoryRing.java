// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last {@code capacity} points of a few series (a zone's moisture, its valve, flow) for the console's plots:
 * primitive arrays, no allocation per point. Between two points, {@link #observe} is called often (every second)
 * and each series keeps either its last value or, for on/off series such as a valve, its maximum, so a run
 * shorter than the point interval still shows.
 */
final class HistoryRing {
  private final List<String> names;
  private final ConsoleView.HistoryFold[] folds;
  private final long[] times;
  private final double[][] values;
  private final double[] pending;
  private int next;
  private int size;
  private boolean observed;

  HistoryRing(Map<String, ConsoleView.HistoryFold> series, int capacity) {
    if (capacity < 2) throw new IllegalArgumentException("capacity too small: " + capacity);
    this.names = List.copyOf(series.keySet());
    this.folds = series.values().toArray(new ConsoleView.HistoryFold[0]);
    this.times = new long[capacity];
    this.values = new double[names.size()][capacity];
    this.pending = new double[names.size()];
    java.util.Arrays.fill(pending, Double.NaN);
  }

  List<String> names() {
    return names;
  }

  /** Folds one observation (in {@link #names} order; NaN for unknown) into the pending point. */
  synchronized void observe(double[] v) {
    if (v.length != names.size()) throw new IllegalArgumentException("expected " + names.size() + " values");
    for (int i = 0; i < v.length; i++) {
      if (folds[i] == ConsoleView.HistoryFold.MAX && !Double.isNaN(pending[i])) {
        pending[i] = Double.isNaN(v[i]) ? pending[i] : Math.max(pending[i], v[i]);
      } else if (!Double.isNaN(v[i]) || folds[i] == ConsoleView.HistoryFold.LAST) {
        pending[i] = v[i];
      }
    }
    observed = true;
  }

  /** Ends the pending point at {@code millis}; nothing happens when nothing was observed since the last one. */
  synchronized void point(long millis) {
    if (!observed) return;
    times[next] = millis;
    for (int i = 0; i < pending.length; i++) {
      values[i][next] = pending[i];
      if (folds[i] == ConsoleView.HistoryFold.MAX) pending[i] = Double.NaN;
    }
    next = (next + 1) % times.length;
    size = Math.min(size + 1, times.length);
    observed = false;
  }

  synchronized int size() {
    return size;
  }

  /** The points oldest first: {@code t} (epoch seconds) and one list per series (null for unknown). */
  synchronized Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Double> t = new ArrayList<>(size);
    int start = (next - size + times.length) % times.length;
    for (int k = 0; k < size; k++) t.add(times[(start + k) % times.length] / 1000.0);
    out.put("t", t);
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      List<Double> s = new ArrayList<>(size);
      for (int k = 0; k < size; k++) {
        double v = values[i][(start + k) % times.length];
        s.add(Double.isNaN(v) ? null : Math.round(v * 1000) / 1000.0);
      }
      series.put(names.get(i), s);
    }
    out.put("series", series);
    return out;
  }
}
