// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.time.LocalTime;

/**
 * A daily window in local (site) time, e.g. {@code 22:00-06:00}; one that ends before it starts spans midnight.
 * Start is inclusive, end exclusive. {@code 00:00-00:00} means all day.
 */
public record TimeWindow(LocalTime start, LocalTime end) {

  public boolean contains(LocalTime t) {
    if (start.equals(end)) return true;
    if (start.isBefore(end)) return !t.isBefore(start) && t.isBefore(end);
    return !t.isBefore(start) || t.isBefore(end);
  }

  /** Parses {@code HH:MM-HH:MM}; null if not of that form. */
  public static TimeWindow parse(String text) {
    String[] parts = text.split("-", -1);
    if (parts.length != 2) return null;
    LocalTime a = Units.clockTime(parts[0]);
    LocalTime b = Units.clockTime(parts[1]);
    return a == null || b == null ? null : new TimeWindow(a, b);
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
