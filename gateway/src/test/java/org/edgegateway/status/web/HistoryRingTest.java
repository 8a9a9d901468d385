// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryRingTest {
  private final HistoryRing ring = new HistoryRing(series(), 3);

  private static Map<String, ConsoleView.HistoryFold> series() {
    Map<String, ConsoleView.HistoryFold> m = new LinkedHashMap<>();
    m.put("z.moisture", ConsoleView.HistoryFold.LAST);
    m.put("z.valve", ConsoleView.HistoryFold.MAX);
    return m;
  }

  @Test
  void valveRunShorterThanThePointIntervalStillShows() {
    ring.observe(new double[] {20, 0});
    ring.observe(new double[] {21, 1});
    ring.observe(new double[] {22, 0});
    ring.point(1_000);
    ring.observe(new double[] {23, 0});
    ring.point(2_000);
    assertEquals(List.of(22.0, 23.0), values("z.moisture"));
    assertEquals(List.of(1.0, 0.0), values("z.valve"));
  }

  @Test
  void keepsTheNewestPointsOldestFirst() {
    for (int i = 1; i <= 5; i++) {
      ring.observe(new double[] {i, 0});
      ring.point(i * 1000L);
    }
    assertEquals(List.of(3.0, 4.0, 5.0), ring.toJson().get("t"));
    assertEquals(List.of(3.0, 4.0, 5.0), values("z.moisture"));
  }

  @Test
  void noObservationNoPointAndUnknownIsNull() {
    ring.point(1_000);
    assertEquals(0, ring.size());
    ring.observe(new double[] {Double.NaN, Double.NaN});
    ring.point(2_000);
    assertEquals(java.util.Arrays.asList((Double) null), values("z.moisture"));
  }

  @SuppressWarnings("unchecked")
  private List<Double> values(String name) {
    return ((Map<String, List<Double>>) ring.toJson().get("series")).get(name);
  }
}
