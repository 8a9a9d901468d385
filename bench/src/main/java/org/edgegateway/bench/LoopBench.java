// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.edgegateway.cli.Gateway;
import org.edgegateway.cli.Version;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.control.LoopMetrics;
import org.edgegateway.testing.MosquittoBroker;

/**
 * Tick lateness of the gateway's real control loop (the whole gateway: sampler, SQLite outbox, controller, MQTT
 * uplink) against {@code cyclictest} at the same period, in alternating windows in the same run: C G C G ...
 * Prints one {@code RESULT} line (fields name=value) for the script to tabulate.
 *
 * <p>Options: {@code --label X --period-ms 10 --load idle|sampling|replay --rounds 3 --window-s 8 --warmup-s 5
 * --backlog 1000000 --channels 200 --zones 20 --console-streams 0}; with streams, the web console is on and that
 * many clients hold its live stream through the measured windows ({@link ConsoleStreams}).
 */
public final class LoopBench {
  private LoopBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = options(args);
    String load = o.getOrDefault("load", "idle");
    Duration period = Duration.ofMillis(Long.parseLong(o.getOrDefault("period-ms", "10")));
    int rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
    long windowTicks = Long.parseLong(o.getOrDefault("window-s", "8")) * 1000 / period.toMillis();
    boolean loaded = !load.equals("idle");
    int channels = loaded ? Integer.parseInt(o.getOrDefault("channels", "200")) : 1;
    int zones = loaded ? Integer.parseInt(o.getOrDefault("zones", "20")) : 1;
    Duration interval = Duration.ofMillis(loaded ? 100 : 1000);
    Path dir = Files.createTempDirectory("loopbench");
    Files.createDirectories(dir.resolve("state"));
    long backlog = 0;
    MosquittoBroker broker = null;
    if (load.equals("replay")) {
      backlog = Backlog.fill(dir.resolve("state/buffer.db"), Long.parseLong(o.getOrDefault("backlog", "1000000")));
      broker = MosquittoBroker.start(Files.createDirectories(dir.resolve("broker")));
    }
    SiteConfig site = new SiteConfig(period, channels, zones, interval, broker == null ? 0 : broker.port());
    Path config = site.write(dir);
    int streams = Integer.parseInt(o.getOrDefault("console-streams", "0"));
    if (streams > 0) {
      Files.writeString(config, "\nconsole: {enabled: true, address: 127.0.0.1, port: 0}\n",
          java.nio.file.StandardOpenOption.APPEND);
    }
    Gateway g = Gateway.start(ConfigLoader.load(config), Clock.systemUTC(), System::nanoTime, Version.buildMillis());
    try (ConsoleStreams clients = streams > 0 ? ConsoleStreams.start(g.console().port(), streams) : null) {
      TimeUnit.SECONDS.sleep(Long.parseLong(o.getOrDefault("warmup-s", "5")));
      if (clients != null && g.console().streams() < clients.phones()) {
        throw new IllegalStateException("clients missing");
      }
      Windows w = measure(g, period, rounds, windowTicks);
      long left = g.outbox().stats().stored();
      System.out.println("RESULT label=" + o.getOrDefault("label", "shipped") + " period=" + period.toMillis() + "ms"
          + " load=" + load + (streams > 0 ? "+console" + streams : "") + " " + w.describe() + " backlog=" + backlog
          + " left=" + left);
    } finally {
      g.stop();
      g.awaitStop(10, TimeUnit.SECONDS);
      if (broker != null) broker.close();
    }
  }

  private static Windows measure(Gateway g, Duration period, int rounds, long windowTicks) throws Exception {
    LoopMetrics m = g.loop().metrics();
    Windows w = new Windows();
    Thread loopThread = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("control-loop")).findFirst().orElseThrow();
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      Histogram ct = Cyclictest.run(period.toNanos() / 1000, windowTicks);
      w.cyclictest.add(ct);
      long ticks0 = m.ticks();
      long over0 = m.overruns();
      long bytes0 = mx.getThreadAllocatedBytes(loopThread.getId());
      Histogram before = m.latenessNanos();
      while (m.ticks() - ticks0 < windowTicks) TimeUnit.MILLISECONDS.sleep(period.toMillis());
      Histogram after = m.latenessNanos();
      after.subtract(before);
      w.bytes += mx.getThreadAllocatedBytes(loopThread.getId()) - bytes0;
      w.ticks += m.ticks() - ticks0;
      w.overruns += m.overruns() - over0;
      w.gateway.add(after);
      w.p99Ratios.add((double) after.getValueAtPercentile(99) / Math.max(1, ct.getValueAtPercentile(99)));
      w.maxRatios.add((double) after.getMaxValue() / Math.max(1, ct.getMaxValue()));
    }
    return w;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) throw new IllegalArgumentException("not an option: " + args[i]);
      o.put(args[i].substring(2), args[i + 1]);
    }
    return o;
  }

  /** The histograms and counters of all windows of one run. */
  private static final class Windows {
    final Histogram gateway = new Histogram(60_000_000_000L, 3);
    final Histogram cyclictest = new Histogram(60_000_000_000L, 3);
    final List<Double> p99Ratios = new ArrayList<>();
    final List<Double> maxRatios = new ArrayList<>();
    long ticks;
    long overruns;
    long bytes;

    String describe() {
      return "ticks=" + ticks + " overruns=" + overruns + " gw=" + micros(gateway) + " ct=" + micros(cyclictest)
          + String.format(" p99ratio=%.2f maxratio=%.2f", median(p99Ratios), median(maxRatios))
          + " bytesPerTick=" + (ticks == 0 ? 0 : bytes / ticks);
    }

    private static String micros(Histogram h) {
      return h.getValueAtPercentile(50) / 1000 + "/" + h.getValueAtPercentile(99) / 1000 + "/"
          + h.getValueAtPercentile(99.9) / 1000 + "/" + h.getMaxValue() / 1000;
    }

    private static double median(List<Double> xs) {
      double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
      Arrays.sort(a);
      if (a.length == 0) return Double.NaN;
      return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
  }
}
