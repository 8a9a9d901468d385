// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status;

import java.util.List;
import java.util.Locale;
import org.edgegateway.buffer.OutboxStats;
import org.edgegateway.control.Controller;
import org.edgegateway.control.LoopMetrics;

/**
 * The one compact line the daemon prints every few seconds, for a technician watching the journal: each zone's
 * soil value and valve, the buffer, the uplink and the loop's timing. Example:
 * {@code zones bed-1 21.4% OPEN watering | bed-2 27.0% closed idle | buffer 1520 stored, 0 dropped |
 * mqtt online, 1500 acked | loop p99 0.3 ms, 0 overruns}
 */
public final class StatusLine {
  private StatusLine() {}

  public static String format(List<Controller.ZoneView> zones, OutboxStats buffer, String uplink,
      LoopMetrics.Summary loop) {
    StringBuilder sb = new StringBuilder("zones");
    for (Controller.ZoneView z : zones) {
      sb.append(' ').append(z.id()).append(' ')
          .append(Double.isNaN(z.moisture()) ? "--" : String.format(Locale.ROOT, "%.1f", z.moisture()))
          .append(z.unit())
          .append(z.valveOpen() ? " OPEN " : " closed ")
          .append(z.phase().name().toLowerCase(Locale.ROOT)).append(" |");
    }
    if (zones.isEmpty()) sb.append(" none |");
    sb.append(" buffer ").append(buffer.stored()).append(" stored (").append(buffer.storedEvents())
        .append(" events), ").append(buffer.dropped()).append(" dropped");
    if (buffer.writeErrors() > 0) sb.append(", ").append(buffer.writeErrors()).append(" write errors");
    sb.append(" | ").append(uplink);
    sb.append(String.format(Locale.ROOT, " | loop p99 %.1f ms, max %.1f ms, %d overruns",
        loop.latenessMicros()[1] / 1000.0, loop.latenessMicros()[3] / 1000.0, loop.overruns()));
    return sb.toString();
  }
}
