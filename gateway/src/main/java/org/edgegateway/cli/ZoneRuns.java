// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.control.Controller;

/**
 * Each zone's current and last valve run as the web console saw them (it looks every second): when the running
 * one started, when the last one started and how long it ran. Only runs since this start of the gateway.
 */
final class ZoneRuns {
  private final Map<String, long[]> byZone = new HashMap<>(); // {openSinceMillis or 0, lastStart, lastSeconds}

  ZoneRuns(GatewayConfig config) {
    config.zones().forEach(z -> byZone.put(z.id(), new long[3]));
  }

  synchronized void observe(List<Controller.ZoneView> views, long nowMillis) {
    for (Controller.ZoneView v : views) {
      long[] r = byZone.get(v.id());
      if (r == null) continue;
      if (v.valveOpen() && r[0] == 0) {
        r[0] = nowMillis;
      } else if (!v.valveOpen() && r[0] != 0) {
        r[1] = r[0];
        r[2] = Math.max(1, (nowMillis - r[0] + 500) / 1000);
        r[0] = 0;
      }
    }
  }

  /** Puts {@code runningSinceMillis} and {@code lastRun} ({@code startMillis}, {@code seconds}) into {@code m}. */
  synchronized void describe(String zone, Map<String, Object> m) {
    long[] r = byZone.get(zone);
    m.put("runningSinceMillis", r == null || r[0] == 0 ? null : r[0]);
    m.put("lastRun", r == null || r[1] == 0 ? null : Map.of("startMillis", r[1], "seconds", r[2]));
  }
}
