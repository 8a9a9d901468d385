// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status;

import java.util.ArrayList;
import java.util.List;
import org.edgegateway.buffer.OutboxStats;
import org.edgegateway.control.LoopMetrics;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/**
 * The gateway's readings about itself, sent once a minute with the telemetry so the platform can watch the fleet's
 * health: the control loop's tick lateness (p50, p99, p99.9, max, in seconds), its overruns, and the buffer's
 * depth and drops. Channel ids start with {@code gateway.}.
 */
public final class SelfTelemetry {
  /** The channels and units, for the birth message. */
  public static final List<String[]> CHANNELS = List.of(
      new String[] {"gateway.loop-lateness-p50", "s"}, new String[] {"gateway.loop-lateness-p99", "s"},
      new String[] {"gateway.loop-lateness-p999", "s"}, new String[] {"gateway.loop-lateness-max", "s"},
      new String[] {"gateway.loop-duration-p99", "s"}, new String[] {"gateway.loop-overruns", ""},
      new String[] {"gateway.buffer-stored", ""}, new String[] {"gateway.buffer-dropped", ""});

  private SelfTelemetry() {}

  public static List<Reading> readings(long timeMillis, LoopMetrics.Summary loop, OutboxStats buffer) {
    List<Reading> out = new ArrayList<>(CHANNELS.size());
    long[] late = loop.latenessMicros();
    double[] values = {late[0] / 1e6, late[1] / 1e6, late[2] / 1e6, late[3] / 1e6, loop.durationMicros()[1] / 1e6,
        loop.overruns(), buffer.stored(), buffer.dropped()};
    for (int i = 0; i < CHANNELS.size(); i++) {
      out.add(new Reading(CHANNELS.get(i)[0], timeMillis, values[i], CHANNELS.get(i)[1], Quality.OK));
    }
    return out;
  }
}
