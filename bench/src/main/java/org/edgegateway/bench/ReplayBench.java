// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.edgegateway.buffer.BenchRows;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.data.Reading;
import org.edgegateway.testing.FaultProxy;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.uplink.Birth;
import org.edgegateway.uplink.Forwarder;
import org.edgegateway.uplink.ForwarderStats;
import org.edgegateway.uplink.UplinkTopic;
import org.edgegateway.uplink.mqtt.MqttSettings;
import org.edgegateway.uplink.mqtt.NoDelaySockets;
import org.edgegateway.uplink.mqtt.PahoMqttUplink;
import org.edgegateway.uplink.senml.EncodedPack;
import org.edgegateway.uplink.senml.RecordPacker;
import org.edgegateway.uplink.senml.SenmlEncoder;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.edgegateway.uplink.senml.StoredRecord;

/**
 * Section 3 of docs/BENCHMARKS.md: readings/s from a pre-filled SQLite outbox through the real Forwarder and
 * PahoMqttUplink (QoS 1, shipped pack size and window, acks and deletes included) to a local Mosquitto, against a
 * bare Paho MqttAsyncClient publishing the same pack bytes at QoS 1 with the same window. Rounds interleave
 * baseline and subject. Args: {@code [rows per round] [rounds]}.
 */
public final class ReplayBench {
  /** The shipped defaults of uplink.mqtt (ConfigLoader): CBOR, pack-max-bytes 1024, inflight 20. */
  static final int PACK_MAX_BYTES = 1024;
  static final int INFLIGHT = 20;
  static final String BASE_NAME = "gw-bench/";
  static final String PREFIX = "bench/gw/";
  private static final String BARE = "bare Paho";
  private static final String GATEWAY = "gateway";
  private static final String UPLINK = "uplink alone";

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  /** Packs the gateway's forwarder cut in its last round (it cuts its own from the outbox's rows). */
  private static long gatewayPacks;
  /** The CPU each timed round used, in the order run. */
  private static final List<RoundCpu> CPU = new ArrayList<>();

  /** CPU seconds used so far by this JVM (all threads, JIT and GC included) and by the broker process. */
  private record CpuMark(double jvm, double broker) {
    static CpuMark now(Broker broker) {
      return new CpuMark(OS.getProcessCpuTime() / 1e9, broker.process().cpu().toNanos() / 1e9);
    }
  }

  /** What one timed round of {@code side} used: CPU seconds of this JVM and of the broker, and its wall time. */
  private record RoundCpu(String side, double jvm, double broker, double wall) {
    static void record(String side, CpuMark from, Broker broker, double wall) {
      CpuMark to = CpuMark.now(broker);
      CPU.add(new RoundCpu(side, to.jvm() - from.jvm(), to.broker() - from.broker(), wall));
    }
  }

  /** The broker process (whose CPU is counted) and the address the clients use: its own, or a link's to it. */
  record Broker(MosquittoBroker process, String uri) {}

  private ReplayBench() {}

  /** Where the cores went: per side, medians over its timed rounds of each CPU figure and of cores kept busy. */
  private static void cpuBudget(String... sides) {
    int cores = Runtime.getRuntime().availableProcessors();
    for (String side : sides) {
      List<RoundCpu> rounds = CPU.stream().filter(c -> c.side().equals(side)).toList();
      System.out.printf("# cpu per round (median), %s: JVM %.3f s + mosquitto %.3f s; %.2f of %d cores busy%n", side,
          BenchData.median(rounds.stream().map(RoundCpu::jvm).toList()),
          BenchData.median(rounds.stream().map(RoundCpu::broker).toList()),
          BenchData.median(rounds.stream().map(c -> (c.jvm() + c.broker()) / c.wall()).toList()), cores);
    }
  }

  /**
   * Args: {@code [rows per round] [rounds] [round trip ms] [kbit/s]}; with a round trip, both sides reach the broker
   * through a {@link FaultProxy} that delays each direction by half the round trip and caps it at the rate (0 kbit/s:
   * no cap), queueing the excess; no loss, no jitter (the kernel's netem is not available here).
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long rttMillis = args.length > 2 ? Long.parseLong(args[2]) : -1;
    long kbits = args.length > 3 ? Long.parseLong(args[3]) : 0;
    System.out.println(Machine.describe());
    System.out.printf("# replay %,d readings per round, %d rounds, CBOR packs <= %d B, QoS 1, window %d%n", rows,
        rounds, PACK_MAX_BYTES, INFLIGHT);
    Path dir = BenchData.tempDir("replay");
    try (MosquittoBroker process = MosquittoBroker.start(dir)) {
      List<byte[]> packs = packs(rows);
      System.out.printf("# %,d packs, %.1f readings per pack, %.0f bytes per pack%n", packs.size(),
          rows / (double) packs.size(), packs.stream().mapToInt(p -> p.length).average().orElse(0));
      if (rttMillis < 0) {
        loopback(new Broker(process, process.uri()), packs, rows, rounds, dir);
      } else {
        try (FaultProxy link = new FaultProxy(process.port())) {
          link.delay(Duration.ofMillis(rttMillis).dividedBy(2));
          link.rate(kbits * 1000);
          System.out.printf("# both sides through an emulated link: round trip %d ms, %s each way%n", rttMillis,
              kbits == 0 ? "no rate limit" : String.format("%,d kbit/s", kbits));
          overLink(new Broker(process, "tcp://127.0.0.1:" + link.port()), packs, rows, rounds, dir);
        }
      }
    } finally {
      BenchData.deleteTree(dir);
    }
  }

  /** The broker on loopback: where the gateway's CPU per reading shows, with the context lines of section 3. */
  private static void loopback(Broker broker, List<byte[]> packs, int rows, int rounds, Path dir) throws Exception {
    // JIT warm-up, not counted: whole rounds, since a 50,000-reading warm-up left the first timed rounds compiling
    // (about a second of JIT time in a 300,000-reading gateway round).
    for (int w = 0; w < 2; w++) {
      subject(broker, dir.resolve("warm" + w + ".db"), rows);
      baseline(broker, packs);
    }
    CPU.clear();
    double ratio = BenchData.interleaved(rounds,
        BARE, r -> rows / baseline(broker, packs),
        GATEWAY, r -> rows / subject(broker, dir.resolve("round" + r + ".db"), rows));
    System.out.printf("ratio gateway/bare Paho (medians): %.2f (target >= 0.8)%n", ratio);
    gatewayPacks(rows);
    cpuBudget(BARE, GATEWAY);
    CPU.clear();
    // Where the gap lies: the same packs through the gateway's MQTT uplink with no outbox and no forwarder; the
    // bare side runs again beside it (the bare rounds above are not reused: the machine's speed drifts).
    System.out.println("# context: the gateway's MQTT uplink alone, the same packs made beforehand, no outbox:");
    uplinkOnly(broker, packs);
    double alone = BenchData.interleaved(3,
        BARE, r -> rows / baseline(broker, packs),
        UPLINK, r -> rows / uplinkOnly(broker, packs));
    System.out.printf("# ratio uplink alone/bare Paho (medians): %.2f, the ceiling of any outbox design%n", alone);
    cpuBudget(BARE, UPLINK);
    List<Double> enc = new ArrayList<>();
    for (int r = 0; r < 3; r++) enc.add(encodeOnly(rows));
    System.out.printf("# context: the SenML encoder alone (same readings, one thread): %,.0f readings/s%n",
        BenchData.median(enc));
    List<Double> packed = new ArrayList<>();
    for (int r = 0; r < 3; r++) packed.add(packOnly(rows));
    System.out.printf("# context: packs from stored records alone (what the forwarder does; same readings, one"
        + " thread): %,.0f readings/s%n", BenchData.median(packed));
  }

  /**
   * The broker behind an emulated link: whether the gateway drains its buffer as fast as the link lets a bare
   * publisher. No CPU lines: with few readings per round they would mostly count the JIT.
   */
  private static void overLink(Broker broker, List<byte[]> packs, int rows, int rounds, Path dir) throws Exception {
    subject(broker, dir.resolve("warm.db"), rows);
    baseline(broker, packs);
    double ratio = BenchData.interleaved(rounds,
        BARE, r -> rows / baseline(broker, packs),
        GATEWAY, r -> rows / subject(broker, dir.resolve("round" + r + ".db"), rows));
    System.out.printf("ratio gateway/bare Paho over the link (medians): %.2f%n", ratio);
    gatewayPacks(rows);
  }

  /**
   * How the gateway's packs compare with the bare side's: the forwarder offers the packer a little more than its last
   * pack held, not a fixed batch, so it may fill packs differently; over a link bound by the window, readings per
   * pack decide readings per second.
   */
  private static void gatewayPacks(int rows) {
    System.out.printf("# the gateway cut %,d packs from the same readings, %.1f readings per pack%n", gatewayPacks,
        rows / (double) gatewayPacks);
  }

  /** The packs the forwarder would cut from the same readings: same encoder, size bound and sequence numbers. */
  static List<byte[]> packs(int rows) {
    SenmlEncoder encoder = new SenmlEncoder(SenmlFormat.CBOR, BASE_NAME);
    List<Reading> all = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) all.add(BenchData.reading(i));
    List<byte[]> packs = new ArrayList<>();
    int batch = PACK_MAX_BYTES / 16;
    for (int at = 0, seq = 0; at < rows; seq++) {
      EncodedPack p = encoder.encode(all.subList(at, Math.min(rows, at + batch)), seq, PACK_MAX_BYTES);
      packs.add(p.bytes());
      at += p.count();
    }
    return packs;
  }

  /** Readings/s of encoding the packs alone (readings made beforehand), the ceiling of one forwarder thread. */
  static double encodeOnly(int rows) {
    SenmlEncoder encoder = new SenmlEncoder(SenmlFormat.CBOR, BASE_NAME);
    List<Reading> all = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) all.add(BenchData.reading(i));
    int batch = PACK_MAX_BYTES / 16;
    long bytes = 0;
    long start = System.nanoTime();
    for (int at = 0, seq = 0; at < rows; seq++) {
      EncodedPack p = encoder.encode(all.subList(at, Math.min(rows, at + batch)), seq, PACK_MAX_BYTES);
      bytes += p.bytes().length;
      at += p.count();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (bytes == 0) throw new IllegalStateException("nothing encoded");
    return rows / seconds;
  }

  /**
   * Readings/s of building the same packs from the records the outbox stores (made beforehand, as the writer makes
   * them at commit): the forwarder's share of the work per pack.
   */
  static double packOnly(int rows) {
    RecordPacker packer = new RecordPacker(BASE_NAME);
    List<Reading> all = new ArrayList<>(rows);
    List<byte[]> records = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      all.add(BenchData.reading(i));
      records.add(StoredRecord.of(all.get(i)));
    }
    int batch = PACK_MAX_BYTES / 16;
    long bytes = 0;
    long start = System.nanoTime();
    for (int at = 0, seq = 0; at < rows; seq++) {
      int end = Math.min(rows, at + batch);
      EncodedPack p = packer.pack(all.subList(at, end), records.subList(at, end), seq, PACK_MAX_BYTES);
      bytes += p.bytes().length;
      at += p.count();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (bytes == 0) throw new IllegalStateException("nothing packed");
    return rows / seconds;
  }

  /** Seconds for the bare publisher to get every pack acked (PUBACK) with at most the window unconfirmed. */
  static double baseline(Broker broker, List<byte[]> packs) throws Exception {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setMaxInflight(INFLIGHT + 2);
    o.setSocketFactory(NoDelaySockets.plain()); // As the gateway's uplink: without Nagle's algorithm.
    MqttAsyncClient client = new MqttAsyncClient(broker.uri(), "bench-bare", new MemoryPersistence());
    client.connect(o).waitForCompletion(10_000);
    Semaphore window = new Semaphore(INFLIGHT);
    AtomicLong acked = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    IMqttActionListener listener = new IMqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        acked.incrementAndGet();
        window.release();
      }

      @Override
      public void onFailure(IMqttToken token, Throwable exception) {
        failed.incrementAndGet();
        window.release();
      }
    };
    String topic = PREFIX + UplinkTopic.TELEMETRY.suffix();
    CpuMark cpu = CpuMark.now(broker);
    long start = System.nanoTime();
    for (byte[] p : packs) {
      window.acquire();
      client.publish(topic, p, 1, false, null, listener);
    }
    window.acquire(INFLIGHT);
    double seconds = (System.nanoTime() - start) / 1e9;
    RoundCpu.record(BARE, cpu, broker, seconds);
    client.disconnect().waitForCompletion(10_000);
    client.close();
    if (acked.get() != packs.size() || failed.get() != 0) {
      throw new IllegalStateException("bare publisher: " + acked + " acked, " + failed + " failed of " + packs.size());
    }
    return seconds;
  }

  /**
   * Seconds for the gateway's {@link PahoMqttUplink} to get every pack confirmed, sent by a loop that keeps at most
   * the window unconfirmed (a semaphore released when the send's future completes): the forwarder without its
   * outbox, encoder and acks.
   */
  static double uplinkOnly(Broker broker, List<byte[]> packs) throws Exception {
    PahoMqttUplink uplink = uplink(broker);
    uplink.start();
    try {
      if (!uplink.awaitOnline(Duration.ofSeconds(10))) throw new IllegalStateException("uplink not online");
      Semaphore window = new Semaphore(INFLIGHT);
      AtomicLong failed = new AtomicLong();
      CpuMark cpu = CpuMark.now(broker);
      long start = System.nanoTime();
      for (byte[] p : packs) {
        window.acquire();
        uplink.send(UplinkTopic.TELEMETRY, p).whenComplete((ok, e) -> {
          if (e != null) failed.incrementAndGet();
          window.release();
        });
      }
      window.acquire(INFLIGHT);
      double seconds = (System.nanoTime() - start) / 1e9;
      RoundCpu.record(UPLINK, cpu, broker, seconds);
      if (failed.get() != 0) throw new IllegalStateException("uplink alone: " + failed + " of " + packs.size()
          + " failed");
      return seconds;
    } finally {
      uplink.stop();
    }
  }

  /**
   * Seconds for the gateway to replay a pre-filled outbox of {@code rows} readings until every row is acked and
   * deleted (the uplink is online before the clock starts). Checks that every row went and none failed.
   */
  static double subject(Broker broker, Path db, int rows) throws Exception {
    BenchRows.bulkFill(db, 0, rows, BenchData::reading);
    double seconds;
    try (SqliteOutbox outbox = SqliteOutbox.open(shippedOutbox(db), Clock.systemUTC())) {
      PahoMqttUplink uplink = uplink(broker);
      uplink.start();
      try {
        if (!uplink.awaitOnline(Duration.ofSeconds(10))) throw new IllegalStateException("uplink not online");
        Forwarder forwarder = new Forwarder(outbox, uplink, BASE_NAME, 0, Clock.systemUTC());
        CpuMark cpu = CpuMark.now(broker);
        long start = System.nanoTime();
        forwarder.start();
        while (outbox.stats().storedTelemetry() > 0 || forwarder.stats().itemsAcked() < rows) {
          if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(3)) {
            throw new IllegalStateException("replay stuck: " + forwarder.stats() + " " + outbox.stats());
          }
          TimeUnit.MILLISECONDS.sleep(2);
        }
        seconds = (System.nanoTime() - start) / 1e9;
        RoundCpu.record(GATEWAY, cpu, broker, seconds);
        forwarder.stop();
        ForwarderStats f = forwarder.stats();
        if (f.itemsAcked() != rows || f.packsResent() != 0) {
          throw new IllegalStateException("replay not exact: " + f);
        }
        gatewayPacks = f.packsAcked();
      } finally {
        uplink.stop();
      }
    }
    return seconds;
  }

  /** The outbox as the gateway opens it with the shipped config defaults (max-rows 5M, 256 MB, synchronous full). */
  static OutboxSettings shippedOutbox(Path db) {
    return OutboxSettings.defaults(db).withMaxRows(5_000_000).withMaxBytes(256_000_000L);
  }

  static PahoMqttUplink uplink(MosquittoBroker broker) {
    return uplink(broker.uri());
  }

  static PahoMqttUplink uplink(Broker broker) {
    return uplink(broker.uri());
  }

  static PahoMqttUplink uplink(String uri) {
    MqttSettings s = new MqttSettings(List.of(URI.create(uri)), "bench-gw", PREFIX, SenmlFormat.CBOR,
        PACK_MAX_BYTES, INFLIGHT, Duration.ofSeconds(30), null, null, null, null, null, null, null, null);
    Birth birth = new Birth("gw-bench", "bench", 49.0, 8.4, "bench", List.of());
    return new PahoMqttUplink(s, () -> birth, (name, payload) -> { }, Clock.systemUTC(), new SplittableRandom(1));
  }
}
