// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the web console costs: the demo with the console on and {@code streams} clients streaming against the same
 * demo with it off, side by side with the same flags. {@code footprint SECONDS STREAMS JAVA_OPTS...}: RSS after a
 * while; {@code startup ROUNDS JAVA_OPTS...}: time from process start to the "running" line (the console is up
 * before it), off and on interleaved, the certificate already made (as at every start but the first). Configs from
 * the system properties {@code bench.demo.off} and {@code bench.demo.on} (the latter with {@code port: 0}).
 */
public final class ConsoleFootprint {
  private static final Pattern RUNNING = Pattern.compile(".* running: .*");
  private static final Pattern CONSOLE = Pattern.compile(".*web console on https://127\\.0\\.0\\.1:(\\d+)/.*");

  private ConsoleFootprint() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("footprint")) {
      footprint(Long.parseLong(args[1]), Integer.parseInt(args[2]), List.of(Arrays.copyOfRange(args, 3, args.length)));
    } else {
      startup(Integer.parseInt(args[1]), List.of(Arrays.copyOfRange(args, 2, args.length)));
    }
  }

  private static List<String> demo(List<String> opts, String which) {
    List<String> c = new ArrayList<>(List.of("java"));
    c.addAll(opts);
    c.addAll(List.of("-jar", "gateway/target/edge-gateway.jar", "run", "--config",
        System.getProperty("bench.demo." + which)));
    return c;
  }

  private static void footprint(long seconds, int streams, List<String> opts) throws Exception {
    Process off = start(demo(opts, "off"));
    Process on = start(demo(opts, "on"));
    long[] offRss = new long[2];
    long[] onRss = new long[2];
    try (BufferedReader onOut = reader(on); BufferedReader offOut = reader(off)) {
      if (waitFor(offOut, RUNNING, 30) == null) throw new IOException("the demo without console did not start");
      drain(offOut);
      Matcher port = waitFor(onOut, CONSOLE, 30);
      if (port == null || waitFor(onOut, RUNNING, 30) == null) throw new IOException("the console demo did not start");
      drain(onOut);
      try (ConsoleStreams clients = ConsoleStreams.start(Integer.parseInt(port.group(1)), streams)) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end && on.isAlive() && off.isAlive() && clients.phones() == streams) {
          TimeUnit.SECONDS.sleep(Math.min(10, seconds));
          sampleRss(on, onRss);
          sampleRss(off, offRss);
        }
      }
      if (!on.isAlive() || !off.isAlive()) throw new IOException("a gateway ended early");
      System.out.printf("RESULT after=%ds streams=%d onRssMB=%.1f onPeakRssMB=%.1f offRssMB=%.1f offPeakRssMB=%.1f"
          + " costMB=%.1f ratio=%.2f threadsOn=%d threadsOff=%d%n", seconds, streams, onRss[0] / 1024.0,
          onRss[1] / 1024.0, offRss[0] / 1024.0, offRss[1] / 1024.0, (onRss[0] - offRss[0]) / 1024.0,
          (double) onRss[0] / offRss[0], threads(on), threads(off));
    } finally {
      stop(on);
      stop(off);
    }
  }

  private static void startup(int rounds, List<String> opts) throws Exception {
    timeToRunning(demo(opts, "on")); // makes the certificate once
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      off.add(timeToRunning(demo(opts, "off")));
      on.add(timeToRunning(demo(opts, "on")));
    }
    double a = median(off);
    double b = median(on);
    System.out.printf("RESULT rounds=%d offMedianMs=%.0f onMedianMs=%.0f costMs=%.0f ratio=%.2f on=%s off=%s%n",
        rounds, a, b, b - a, b / a, on, off);
  }

  private static double timeToRunning(List<String> command) throws Exception {
    long t0 = System.nanoTime();
    Process p = start(command);
    try (BufferedReader r = reader(p)) {
      if (waitFor(r, RUNNING, 60) == null) throw new IOException("no running line from " + command);
      double ms = (System.nanoTime() - t0) / 1e6;
      stop(p);
      return ms;
    }
  }

  private static Process start(List<String> command) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static BufferedReader reader(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static Matcher waitFor(BufferedReader r, Pattern line, int seconds) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (String s; System.nanoTime() < deadline && (s = r.readLine()) != null; ) {
      Matcher m = line.matcher(s);
      if (m.matches()) return m;
    }
    return null;
  }

  /** Keeps reading a process's output on a daemon thread, so that it never blocks on a full pipe. */
  private static void drain(BufferedReader r) {
    Thread t = new Thread(() -> {
      try {
        while (r.readLine() != null) {
          continue;
        }
      } catch (IOException closed) {
        // The process ended.
      }
    }, "drain");
    t.setDaemon(true);
    t.start();
  }

  private static void sampleRss(Process p, long[] rss) throws IOException {
    for (String s : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
      if (s.startsWith("VmRSS:")) {
        rss[0] = Long.parseLong(s.replaceAll("\\D", ""));
        rss[1] = Math.max(rss[1], rss[0]);
      }
    }
  }

  private static long threads(Process p) throws IOException {
    try (var s = Files.list(Path.of("/proc/" + p.pid() + "/task"))) {
      return s.count();
    }
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
