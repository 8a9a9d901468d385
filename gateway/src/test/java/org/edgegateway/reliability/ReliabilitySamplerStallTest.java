// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Item;
import org.edgegateway.data.Reading;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Sampler;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.Test;

/**
 * Found by the fault scenarios: after a stalled read (slow device, GC pause, starved CPU) the sampler made up the
 * missed reads back to back, so one channel had several readings with the same millisecond (which the platform
 * treats as duplicates) and a bus got a burst of requests. Missed reads are now skipped.
 */
class ReliabilitySamplerStallTest {

  @Test
  void readsMissedDuringAStallAreSkippedNotMadeUpBackToBack() throws Exception {
    GatewayConfig config = ConfigLoader.parse("t.yaml", "gateway: {id: gw, site: s}\n"
        + "sensors: [{id: air, type: sim-air, interval: 100ms}]\n", Path.of("/tmp"), Path.of("/tmp/t.yaml"), false);
    AtomicInteger reads = new AtomicInteger();
    Sensor slowOnce = () -> {
      // The third read hangs for four and a half intervals, as a device at its timeout would.
      if (reads.incrementAndGet() == 3) LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(450));
      return List.of(new Sample("temperature", 20.0, "Cel"));
    };
    List<Long> nanos = new CopyOnWriteArrayList<>();
    List<Long> times = new CopyOnWriteArrayList<>();
    try (Sampler sampler = new Sampler(Clock.systemUTC(), System::nanoTime, new LatestValues(), (Item i) -> {
      nanos.add(System.nanoTime());
      times.add(((Reading) i).timeMillis());
    })) {
      sampler.add(config.sensors().get(0), slowOnce, () -> true);
      sampler.start();
      Await.until(Duration.ofSeconds(10), () -> nanos.size() >= 10, "ten readings");
    }
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < nanos.size(); i++) gaps.add((nanos.get(i) - nanos.get(i - 1)) / 1_000_000L);
    assertTrue(gaps.stream().allMatch(g -> g >= 20), "reads at least 20 ms apart (interval 100 ms): " + gaps);
    assertTrue(times.stream().distinct().count() == times.size(), "no two readings share a time: " + times);
  }
}
