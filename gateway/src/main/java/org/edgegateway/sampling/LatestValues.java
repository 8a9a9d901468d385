// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.sampling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.edgegateway.data.Reading;

/**
 * The newest reading of every channel, written by the sampler threads and read by the control loop without
 * locking (a concurrent map's reads never block). Each entry keeps the monotonic time it arrived, for staleness.
 */
public final class LatestValues {
  private final Map<String, Latest> latest = new ConcurrentHashMap<>();

  /** Publishes a reading; a fault reading replaces the value but keeps the time of the last good one. */
  public void publish(Reading reading, long nanos) {
    latest.compute(reading.channel(), (k, old) -> {
      if (reading.isUsable() || old == null) {
        return new Latest(reading, nanos, reading.isUsable() ? nanos : Long.MIN_VALUE);
      }
      return new Latest(reading, nanos, old.lastOkNanos());
    });
  }

  /** The newest entry for a channel, or null if it never reported. */
  public Latest get(String channel) {
    return latest.get(channel);
  }

  /** The newest reading, its arrival and the arrival of the newest good one (Long.MIN_VALUE if none). */
  public record Latest(Reading reading, long nanos, long lastOkNanos) {}
}
