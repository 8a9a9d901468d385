// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the console shows, read from the running gateway; called from the console's threads, never the loop's. */
public interface ConsoleView {
  /**
   * The live values as JSON-able maps, lists, strings and numbers: {@code zones}, {@code sensors}, {@code alerts},
   * {@code buffer}, {@code uplink}, {@code loop}, {@code clock}, ... Must never contain a secret.
   */
  Map<String, Object> snapshot();

  /**
   * The series the history plots keep, in order, and how each folds between points: for each zone
   * {@code ZONE.moisture}, {@code ZONE.valve} (0 or 1) and, where it has a flow meter, {@code ZONE.flow}.
   */
  default Map<String, HistoryFold> historySeries() {
    return new LinkedHashMap<>();
  }

  /** The current values of {@link #historySeries()}, in that order; NaN where unknown. */
  default double[] historyValues() {
    return new double[0];
  }

  /** Whether a history series keeps its last value (a level) or its maximum (an on/off state) between points. */
  enum HistoryFold { LAST, MAX }
}
