// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.uplink.UplinkState.Phase;

/**
 * Fleet scale, simulated (issue #8 item 7): many gateway uplinks ({@link FleetGateway}: the real MQTT uplink and
 * forwarder over an in-memory outbox) in one JVM against one local Mosquitto, each storing a pack's worth of
 * readings every period (staggered). Measures the JVM's threads and heap with the whole fleet online, then
 * restarts the broker twice (at once, and after a while down) and prints each reconnect curve, and at the end
 * compares every reading produced with what the subscriber received. Options: {@code --gateways N},
 * {@code --channels N} (readings per pack), {@code --period-ms N}, {@code --steady-s N}, {@code --down-s N},
 * {@code --dir D} (broker files), {@code --quick}.
 */
public final class FleetBench {
  private final int gateways;
  private final int channels;
  private final long periodMillis;
  private final int steadySeconds;
  private final int downSeconds;
  private final Path dir;
  private final Queue<long[]> connects = new ConcurrentLinkedQueue<>();
  private final List<FleetGateway> fleet = new ArrayList<>();
  private MosquittoBroker broker;

  private FleetBench(Map<String, String> o) throws IOException {
    boolean quick = o.containsKey("quick");
    gateways = Integer.parseInt(o.getOrDefault("gateways", quick ? "200" : "1000"));
    channels = Integer.parseInt(o.getOrDefault("channels", "4"));
    periodMillis = Long.parseLong(o.getOrDefault("period-ms", "5000"));
    steadySeconds = Integer.parseInt(o.getOrDefault("steady-s", quick ? "6" : "20"));
    downSeconds = Integer.parseInt(o.getOrDefault("down-s", quick ? "5" : "10"));
    dir = o.containsKey("dir") ? Path.of(o.get("dir")) : Files.createTempDirectory("fleet");
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      String key = args[i].replaceFirst("^--", "");
      if (key.equals("quick")) options.put(key, "");
      else options.put(key, args[++i]);
    }
    System.out.println(Machine.describe());
    int status = 1;
    FleetBench bench = new FleetBench(options);
    try {
      bench.run();
      status = 0;
    } catch (Exception | Error e) {
      e.printStackTrace();
    } finally {
      if (bench.broker != null) bench.broker.stop();
      System.exit(status);
    }
  }

  private void run() throws Exception {
    Path brokerDir = Files.createDirectories(dir.resolve("broker"));
    broker = MosquittoBroker.start(brokerDir, "max_connections -1\npersistence true\npersistence_location "
        + brokerDir + "/\nautosave_interval 0\nmax_inflight_messages 1000\nset_tcp_nodelay true");
    FleetSubscriber subscriber = new FleetSubscriber(broker.uri(), gateways);
    subscriber.connect();
    System.out.printf("# fleet: %d gateways, %d readings every %d ms each (staggered), QoS 1, SenML CBOR, "
        + "config defaults: keep-alive 30 s, in flight 20, reconnect 1 s -> 5 min, broker %s%n", gateways, channels,
        periodMillis, broker.uri());

    long t0 = System.nanoTime();
    for (int i = 0; i < gateways; i++) {
      FleetGateway g = new FleetGateway(i, URI.create(broker.uri()), channels, connects);
      fleet.add(g);
      g.start();
    }
    if (!awaitOnline(t0, 120)) throw new IllegalStateException("the fleet did not come online");
    System.out.printf("fleet online %.1f s after the first start%n", (System.nanoTime() - t0) / 1e9);
    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    for (FleetGateway g : fleet) {
      producer.scheduleAtFixedRate(() -> g.produce(channels), g.index() * periodMillis / gateways, periodMillis,
          TimeUnit.MILLISECONDS);
    }
    steady();
    System.out.println(Footprint.measure(gateways));

    List<ReconnectCurve> curves = new ArrayList<>();
    curves.add(restart("instant", 0));
    steady();
    curves.add(restart("after " + downSeconds + " s down", downSeconds));
    steady();
    producer.shutdown();
    producer.awaitTermination(10, TimeUnit.SECONDS);

    System.out.println(ReconnectCurve.summaryHeader());
    curves.forEach(c -> System.out.println(c.summaryRow()));
    System.out.println();
    delivery(subscriber);
    stopFleet();
    subscriber.close();
    broker.stop();
  }

  private void steady() throws InterruptedException {
    Thread.sleep(steadySeconds * 1000L);
  }

  /**
   * Waits until every gateway is online and has connected since {@code sinceNanos}; returns false (and prints the
   * stragglers' states) if that takes longer than {@code seconds}.
   */
  private boolean awaitOnline(long sinceNanos, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (true) {
      boolean[] connected = new boolean[gateways];
      for (long[] c : connects) {
        if (c[1] >= sinceNanos) connected[(int) c[0]] = true;
      }
      List<FleetGateway> late = new ArrayList<>();
      for (FleetGateway g : fleet) {
        if (!connected[g.index()] || g.state().phase() != Phase.ONLINE) late.add(g);
      }
      if (late.isEmpty()) return true;
      if (System.nanoTime() > deadline) {
        System.out.printf("%d gateways not online after %d s:%n", late.size(), seconds);
        late.stream().limit(20).forEach(g -> System.out.println("  " + FleetGateway.name(g.index()) + " "
            + g.state()));
        return false;
      }
      Thread.sleep(20);
    }
  }

  private ReconnectCurve restart(String name, int down) throws Exception {
    List<long[]> attempts = new CopyOnWriteArrayList<>();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> attempts.add(new long[] {System.nanoTime(), totalAttempts()}), 0, 50,
        TimeUnit.MILLISECONDS);
    long stopped = System.nanoTime();
    broker.stop();
    long exited = System.nanoTime();
    if (down > 0) Thread.sleep(down * 1000L);
    broker.start();
    long up = System.nanoTime();
    awaitOnline(up, 150);
    Thread.sleep(100);
    sampler.shutdown();
    sampler.awaitTermination(5, TimeUnit.SECONDS);
    ReconnectCurve curve = new ReconnectCurve(name, List.copyOf(connects), up, gateways, attempts);
    long during = 0;
    for (int i = 1; i < attempts.size(); i++) {
      if (attempts.get(i)[0] < up) during += attempts.get(i)[1] - attempts.get(i - 1)[1];
    }
    System.out.printf("%nbroker restart (%s): stop took %.0f ms, accepting again %.2f s after the stop; %d connect "
        + "attempts while it was down%n", name, (exited - stopped) / 1e6, (up - stopped) / 1e9, during);
    System.out.println(curve.plot());
    return curve;
  }

  private long totalAttempts() {
    long sum = 0;
    for (FleetGateway g : fleet) sum += g.state().connectAttempts();
    return sum;
  }

  /** Waits until the outboxes are empty and the subscriber has every reading (or 60 s), then prints the counts. */
  private void delivery(FleetSubscriber subscriber) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      long buffered = 0;
      long missing = 0;
      for (FleetGateway g : fleet) {
        buffered += g.buffered();
        missing += subscriber.missing(g.index(), g.produced());
      }
      if (buffered == 0 && missing == 0) break;
      Thread.sleep(100);
    }
    long produced = 0;
    long distinct = 0;
    long missing = 0;
    long duplicates = 0;
    int short1 = 0;
    for (FleetGateway g : fleet) {
      produced += g.produced();
      distinct += subscriber.distinct(g.index());
      long m = subscriber.missing(g.index(), g.produced());
      missing += m;
      if (m > 0) short1++;
      duplicates += subscriber.duplicates(g.index());
    }
    System.out.println("| readings produced | received (distinct) | missing | gateways missing any | duplicates "
        + "| undecodable packs |");
    System.out.println("|---|---|---|---|---|---|");
    System.out.printf("| %d | %d | %d | %d | %d | %d |%n", produced, distinct, missing, short1, duplicates,
        subscriber.undecodable());
  }

  private void stopFleet() throws InterruptedException {
    ExecutorService stopper = Executors.newFixedThreadPool(16);
    fleet.forEach(g -> stopper.execute(g::stop));
    stopper.shutdown();
    stopper.awaitTermination(60, TimeUnit.SECONDS);
  }

  /** Threads and memory of this JVM with the fleet online. */
  private static final class Footprint {
    static String measure(int gateways) throws IOException {
      var threads = ManagementFactory.getThreadMXBean();
      Map<String, Integer> kinds = new TreeMap<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        kinds.merge(t.getName().replaceAll("gw-\\d+|\\d+", "N"), 1, Integer::sum);
      }
      System.gc();
      var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      var nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
      String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
          .findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
      StringBuilder out = new StringBuilder("\nfootprint with the fleet online:\n");
      out.append(String.format("| gateways | threads | threads/gateway | peak threads | heap used after GC | heap "
          + "committed | non-heap | RSS |%n|---|---|---|---|---|---|---|---|%n"));
      out.append(String.format("| %d | %d | %.2f | %d | %.1f MB | %.1f MB | %.1f MB | %s |%n", gateways,
          threads.getThreadCount(), threads.getThreadCount() / (double) gateways, threads.getPeakThreadCount(),
          heap.getUsed() / 1e6, heap.getCommitted() / 1e6, nonHeap.getUsed() / 1e6, rss.substring(7)));
      out.append("threads by name (numbers and gateway ids as N):\n");
      kinds.entrySet().stream().filter(e -> e.getValue() > 1)
          .forEach(e -> out.append(String.format("  %5d  %s%n", e.getValue(), e.getKey())));
      return out.toString();
    }
  }
}
