// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/** Gateway state for the server's tests: settable readings, two zones, and a record of zone tests. */
final class FakeServedState implements ServedState {
  private final Map<String, Reading> latest = new ConcurrentHashMap<>();
  private final List<String> tests = new ArrayList<>();

  void reading(String channel, double value, long timeMillis) {
    latest.put(channel, new Reading(channel, timeMillis, value, "%RH", Quality.OK));
  }

  synchronized List<String> tests() {
    return new ArrayList<>(tests);
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", "gw-test");
    s.put("uplink", "none");
    return s;
  }

  @Override
  public List<Map<String, Object>> zones() {
    return List.of(Map.of("id", "bed-1", "valve", "closed"), Map.of("id", "bed-2", "valve", "closed"));
  }

  @Override
  public List<String> channels() {
    return List.of("bed-1.moisture", "bed-2.moisture");
  }

  @Override
  public Reading latest(String channel) {
    return latest.get(channel);
  }

  @Override
  public synchronized Duration testZone(String zone, Duration want) {
    if (!zone.startsWith("bed-")) throw new IllegalArgumentException("unknown zone " + zone);
    Duration granted = want.compareTo(Duration.ofSeconds(20)) > 0 ? Duration.ofSeconds(20) : want;
    tests.add(zone + " " + granted.toSeconds() + "s");
    return granted;
  }
}
