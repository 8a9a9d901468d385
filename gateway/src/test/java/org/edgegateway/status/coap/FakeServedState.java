// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.edgegateway.command.Ack;
import org.edgegateway.command.Command;
import org.edgegateway.command.Origin;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/** Gateway state for the server's tests: settable readings, two zones, and a record of zone tests. */
final class FakeServedState implements ServedState {
  private final Map<String, Reading> latest = new ConcurrentHashMap<>();
  private static final long T0 = CoapLocalServerTest.T0;
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
  public synchronized CompletableFuture<Ack> testZone(String zone, Duration want, String technician) {
    Origin by = Origin.technician("coap", technician);
    if (!zone.startsWith("bed-")) {
      return CompletableFuture.completedFuture(Ack.rejected("coap-1", "open-zone", by, zone, "unknown zone", T0));
    }
    Duration granted = want.compareTo(Duration.ofSeconds(20)) > 0 ? Duration.ofSeconds(20) : want;
    tests.add(zone + " " + granted.toSeconds() + "s by " + technician);
    return CompletableFuture.completedFuture(new Ack("coap-1", Command.Kind.OPEN_ZONE, "open-zone", by,
        Ack.Result.ACCEPTED, null, zone, granted.toMillis(), T0, "capped by the zone's max-run 20s", T0, null));
  }
}
