// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.edgegateway.cli.Gateway;
import org.edgegateway.cli.Version;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.control.LoopMetrics;

/**
 * Tick duration of the whole gateway's control loop against the size of the site: N simulated soil channels
 * sampled every second and N zone rules (one per channel), no uplink, period 10 ms. One gateway per size, in
 * turn, in this JVM. Prints a line per size and the least-squares slope of the median per channel-and-rule.
 * Usage: {@code GrowthBench SECONDS N...}.
 */
public final class GrowthBench {
  private GrowthBench() {}

  public static void main(String[] args) throws Exception {
    long seconds = Long.parseLong(args[0]);
    int k = args.length - 1;
    double[] n = new double[k];
    double[] p50 = new double[k];
    System.out.println("channels+rules  ticks  median_us  p99_us  max_us");
    for (int i = 0; i < k; i++) {
      int size = Integer.parseInt(args[i + 1]);
      Histogram h = run(size, seconds);
      n[i] = size;
      p50[i] = h.getValueAtPercentile(50) / 1000.0;
      System.out.printf("%14d %6d %10.1f %7.1f %7.1f%n", size, h.getTotalCount(), p50[i],
          h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < k; i++) {
      mx += n[i] / k;
      my += p50[i] / k;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < k; i++) {
      sxy += (n[i] - mx) * (p50[i] - my);
      sxx += (n[i] - mx) * (n[i] - mx);
    }
    System.out.printf("RESULT slope=%.3f us per channel+rule (median), intercept=%.1f us%n", sxy / sxx,
        my - sxy / sxx * mx);
  }

  private static Histogram run(int size, long seconds) throws Exception {
    Path dir = Files.createTempDirectory("growthbench");
    SiteConfig site = new SiteConfig(Duration.ofMillis(10), size, size, Duration.ofSeconds(1), 0);
    Gateway g = Gateway.start(ConfigLoader.load(site.write(dir)), Clock.systemUTC(), System::nanoTime,
        Version.buildMillis());
    try {
      LoopMetrics m = g.loop().metrics();
      TimeUnit.SECONDS.sleep(3);
      Histogram before = m.durationNanos();
      TimeUnit.SECONDS.sleep(seconds);
      Histogram after = m.durationNanos();
      after.subtract(before);
      return after;
    } finally {
      g.stop();
      g.awaitStop(10, TimeUnit.SECONDS);
    }
  }
}
