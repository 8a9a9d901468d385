// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.sampling;

import java.util.HashMap;
import java.util.Map;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Reading;

/**
 * The control loop's view of the channels at one tick: the newest good value of a channel if it is not older
 * than its {@code stale-after}, else nothing. Staleness uses monotonic time, so a wall-clock jump cannot make
 * old values look fresh.
 */
public final class Snapshot {
  private final LatestValues values;
  private final Map<String, Long> staleAfterNanos = new HashMap<>();
  private long nowNanos;

  public Snapshot(LatestValues values, GatewayConfig config) {
    this.values = values;
    for (GatewayConfig.Sensor s : config.sensors()) {
      for (GatewayConfig.Channel c : s.channels()) staleAfterNanos.put(c.id(), s.staleAfter().toNanos());
    }
  }

  /** Moves the view to a tick's monotonic time. */
  public void at(long nowNanos) {
    this.nowNanos = nowNanos;
  }

  /** The channel's current good value, or NaN when it has none, it is faulty, or it is stale. */
  public double value(String channel) {
    LatestValues.Latest l = values.get(channel);
    if (l == null || !l.reading().isUsable()) return Double.NaN;
    Long limit = staleAfterNanos.get(channel);
    if (limit != null && nowNanos - l.nanos() > limit) return Double.NaN;
    return l.reading().value();
  }

  /** True when the channel has had no good value for longer than its stale-after (or never had one). */
  public boolean isStale(String channel) {
    LatestValues.Latest l = values.get(channel);
    Long limit = staleAfterNanos.get(channel);
    if (l == null || l.lastOkNanos() == Long.MIN_VALUE) return true;
    return limit != null && nowNanos - l.lastOkNanos() > limit;
  }

  /** The newest reading whatever its quality, or null. */
  public Reading reading(String channel) {
    LatestValues.Latest l = values.get(channel);
    return l == null ? null : l.reading();
  }
}
