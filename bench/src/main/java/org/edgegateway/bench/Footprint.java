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
 * Footprint of the demo gateway against a JVM that only sleeps, both started side by side with the same flags:
 * RSS and heap used after a while, and the gateway's storage writes meanwhile per day ({@code footprint}), and the
 * time from process start to a line on stdout, the gateway's "running" line (printed after the first tick) against
 * a hello-world, interleaved H G H G ({@code startup}). Usage: {@code Footprint footprint SECONDS JAVA_OPTS...} or
 * {@code Footprint startup ROUNDS JAVA_OPTS...}; the demo config comes from the system property
 * {@code bench.demo} (a copy of config/demo.yaml with its state in a temp dir).
 */
public final class Footprint {
  private static final Pattern RUNNING = Pattern.compile(".* running: .*");
  private static final Pattern HELLO = Pattern.compile("hello");

  private Footprint() {}

  public static void main(String[] args) throws Exception {
    List<String> opts = List.of(Arrays.copyOfRange(args, 2, args.length));
    long n = Long.parseLong(args[1]);
    if (args[0].equals("footprint")) footprint(n, opts);
    else startup((int) n, opts);
  }

  private static List<String> demo(List<String> opts) {
    List<String> c = new ArrayList<>(List.of("java"));
    c.addAll(opts);
    c.addAll(List.of("-jar", "gateway/target/edge-gateway.jar", "run", "--config", System.getProperty("bench.demo")));
    return c;
  }

  private static List<String> sleeper(List<String> opts, boolean exit) {
    List<String> c = new ArrayList<>(List.of("java"));
    c.addAll(opts);
    c.addAll(List.of("-cp", System.getProperty("java.class.path"), Sleeper.class.getName()));
    if (exit) c.add("--exit");
    return c;
  }

  private static void footprint(long seconds, List<String> opts) throws Exception {
    Process base = start(sleeper(opts, false));
    Process gw = start(demo(opts));
    long[] gwRss = new long[2];
    long[] baseRss = new long[2];
    try {
      if (waitFor(gw, RUNNING, 30) < 0 || waitFor(base, HELLO, 30) < 0) throw new IOException("no start");
      long start = System.nanoTime();
      long written = writtenBytes(gw);
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      while (System.nanoTime() < end && gw.isAlive()) {
        TimeUnit.SECONDS.sleep(Math.min(10, seconds));
        sampleRss(gw, gwRss);
        sampleRss(base, baseRss);
      }
      if (!gw.isAlive()) throw new IOException("the gateway ended early with " + gw.exitValue());
      double days = (System.nanoTime() - start) / 86_400e9;
      double writesPerDay = (writtenBytes(gw) - written) / days;
      System.out.printf("RESULT after=%ds gwRssMB=%.1f gwPeakRssMB=%.1f gwHeap=%s baseRssMB=%.1f basePeakRssMB=%.1f"
          + " baseHeap=%s ratio=%.2f gwStorageWritesMBperDay=%.0f%n", seconds, gwRss[0] / 1024.0, gwRss[1] / 1024.0,
          heap(gw), baseRss[0] / 1024.0, baseRss[1] / 1024.0, heap(base), (double) gwRss[0] / baseRss[0],
          writesPerDay / 1e6);
    } finally {
      stop(gw);
      stop(base);
    }
  }

  private static void startup(int rounds, List<String> opts) throws Exception {
    List<Double> hello = new ArrayList<>();
    List<Double> gw = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      hello.add(timeToLine(sleeper(opts, true), HELLO));
      gw.add(timeToLine(demo(opts), RUNNING));
    }
    double h = median(hello);
    double g = median(gw);
    System.out.printf("RESULT rounds=%d helloMedianMs=%.0f gwMedianMs=%.0f gwMaxMs=%.0f ratio=%.2f gw=%s%n", rounds,
        h, g, gw.stream().mapToDouble(Double::doubleValue).max().orElse(0), g / h, gw);
  }

  private static double timeToLine(List<String> command, Pattern line) throws Exception {
    long t0 = System.nanoTime();
    Process p = start(command);
    long at = waitFor(p, line, 60);
    stop(p);
    if (at < 0) throw new IOException("no line matching " + line + " from " + command);
    return (at - t0) / 1e6;
  }

  private static Process start(List<String> command) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Reads the output until a line matches (returns System.nanoTime() then), then drains it on a thread. */
  private static long waitFor(Process p, Pattern line, int seconds) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (String s; System.nanoTime() < deadline && (s = r.readLine()) != null; ) {
      if (line.matcher(s).matches()) {
        long at = System.nanoTime();
        Thread t = new Thread(() -> drain(r), "drain");
        t.setDaemon(true);
        t.start();
        return at;
      }
    }
    return -1;
  }

  private static void drain(BufferedReader r) {
    try {
      while (r.readLine() != null) {
        continue;
      }
    } catch (IOException closed) {
      // The process ended: nothing more to read.
    }
  }

  private static void sampleRss(Process p, long[] rss) throws IOException {
    for (String s : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
      if (s.startsWith("VmRSS:")) {
        rss[0] = Long.parseLong(s.replaceAll("\\D", ""));
        rss[1] = Math.max(rss[1], rss[0]);
      }
    }
  }

  /**
   * Bytes the process has caused to be written to storage so far ({@code write_bytes} of /proc/PID/io: what reaches
   * the block device, the SD card on a Pi; page-cache writes that are later overwritten count once).
   */
  private static long writtenBytes(Process p) throws IOException {
    for (String s : Files.readAllLines(Path.of("/proc/" + p.pid() + "/io"))) {
      if (s.startsWith("write_bytes:")) return Long.parseLong(s.replaceAll("\\D", ""));
    }
    throw new IOException("no write_bytes in /proc/" + p.pid() + "/io");
  }

  /** Heap used/committed in MB from {@code jcmd PID GC.heap_info} (the generations' "used" and "total"). */
  private static String heap(Process p) throws Exception {
    Process j = new ProcessBuilder("jcmd", Long.toString(p.pid()), "GC.heap_info").redirectErrorStream(true).start();
    String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    j.waitFor();
    Matcher m = Pattern.compile("(?m)^\\s*(?:def new generation|tenured generation|garbage-first heap|Shenandoah"
        + " Heap)?\\s*total (\\d+)K, used (\\d+)K").matcher(out);
    Matcher sh = Pattern.compile("(\\d+)K max, (\\d+)K soft max, (\\d+)K committed, (\\d+)K used").matcher(out);
    long total = 0;
    long used = 0;
    if (sh.find()) {
      total = Long.parseLong(sh.group(3));
      used = Long.parseLong(sh.group(4));
    }
    while (m.find()) {
      total += Long.parseLong(m.group(1));
      used += Long.parseLong(m.group(2));
    }
    return String.format("%.1f/%.1fMB", used / 1024.0, total / 1024.0);
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
