// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.edgegateway.cli.Gateway;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.control.LoopMetrics;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.FaultProxy;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.testing.TestMqttClient;

/**
 * One fault scenario: a broker, a fault proxy in front of it, the platform's subscriber (straight to the broker),
 * the whole gateway on {@link ReliabilitySite} connected through the proxy, and a heap sampler. {@link #finish}
 * lets the link settle, stops the gateway, checks delivery and writes the figures to
 * {@code target/reliability/figures.txt}.
 */
final class Run implements AutoCloseable {
  /** Scenario lengths: the CI's, or the full ones with {@code -Dreliability.full=true}. */
  static final boolean FULL = Boolean.getBoolean("reliability.full");

  final String name;
  final Path dir;
  final MosquittoBroker broker;
  final FaultProxy proxy;
  final TestMqttClient platform;
  final Gateway gateway;
  private final AtomicLong peakHeap = new AtomicLong();
  private final Thread heapSampler;
  private volatile boolean sampling = true;
  private long recoveryMillis = -1;
  private String note = "";

  Run(String name, Path dir, String extraMqtt) throws Exception {
    this(name, dir, extraMqtt, "");
  }

  /** {@code brokerConfig}: extra Mosquitto config lines, e.g. {@code log_type subscribe}. */
  Run(String name, Path dir, String extraMqtt, String brokerConfig) throws Exception {
    this(name, dir, extraMqtt, brokerConfig, false);
  }

  /** {@code linkDown}: the proxy refuses connections from before the gateway starts (the broker down at start). */
  Run(String name, Path dir, String extraMqtt, String brokerConfig, boolean linkDown) throws Exception {
    this.name = name;
    this.dir = dir;
    broker = MosquittoBroker.start(Files.createDirectories(dir.resolve("broker")), brokerConfig);
    proxy = new FaultProxy(broker.port());
    if (linkDown) proxy.down();
    platform = TestMqttClient.connect(broker.uri(), "platform-" + name, true, ReliabilitySite.PREFIX + "#");
    heapSampler = new Thread(this::sampleHeap, "heap-sampler");
    heapSampler.setDaemon(true);
    heapSampler.start();
    GatewayConfig config = ConfigLoader.load(ReliabilitySite.write(dir, "tcp://127.0.0.1:" + proxy.port(),
        extraMqtt));
    gateway = Gateway.start(config, Clock.systemUTC(), System::nanoTime, 0);
  }

  Run(String name, Path dir) throws Exception {
    this(name, dir, "");
  }

  boolean online() {
    return gateway.uplinks().startsWith("mqtt online");
  }

  long stored() {
    return gateway.outbox().stats().stored();
  }

  int received() {
    return platform.messages().size();
  }

  /** Restores the link and returns the time until the next telemetry pack reached the platform. */
  long restore() {
    int before = platform.on(ReliabilitySite.PREFIX + "telemetry").size();
    long t0 = System.nanoTime();
    proxy.pass();
    Await.until(Duration.ofSeconds(30), () -> platform.on(ReliabilitySite.PREFIX + "telemetry").size() > before,
        "telemetry after the link came back");
    long ms = (System.nanoTime() - t0) / 1_000_000L;
    recoveryMillis = Math.max(recoveryMillis, ms);
    return ms;
  }

  void note(String text) {
    note = text;
  }

  /** Waits for a quiet, drained link, stops the gateway, checks and records delivery; returns it. */
  Delivery finish() throws Exception {
    proxy.pass();
    Await.until(Duration.ofSeconds(60), () -> online() && stored() < 400, () -> "drained: " + gateway.status());
    // A few seconds of steady link, so that nothing is in flight or waiting for a resend at the stop.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    Await.until(Duration.ofSeconds(10), () -> System.nanoTime() - until > 0 && stored() < 400, "a steady link");
    gateway.stop();
    assertTrue(gateway.awaitStop(10, TimeUnit.SECONDS), "gateway stopped");
    sampling = false;
    long committed = gateway.outbox().stats().committed();
    LoopMetrics.Summary loop = gateway.loop().metrics().summary();
    Delivery d = Delivery.of(committed, gateway.config().buffer().file(), platform.messages(),
        ReliabilitySite.ID + "/");
    String line = String.format("%-22s %s | recovery %d ms | peak heap %d MB | loop %d ticks, %d overruns, "
        + "lateness p99 %.1f ms, max %.1f ms | dropped %d %s", name, d, recoveryMillis, peakHeap.get() >> 20,
        loop.ticks(), loop.overruns(), loop.latenessMicros()[1] / 1000.0, loop.latenessMicros()[3] / 1000.0,
        gateway.outbox().stats().dropped(), note);
    System.out.println("RELIABILITY " + line);
    Path figures = Files.createDirectories(Path.of("target", "reliability")).resolve("figures.txt");
    Files.writeString(figures, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    assertEquals(0, d.lost, name + ": items lost: " + d);
    assertTrue(d.gaps.isEmpty(), name + ": sequence gaps: " + d);
    assertTrue(d.distinct.size() > 0, name + ": something arrived");
    assertEquals(0, gateway.outbox().stats().dropped(), name + ": buffer dropped items");
    // Overruns are reported above. On a shared 2-core CI machine (other builds, Mosquitto, child JVMs) a few
    // happen; more than 5 % of ticks would mean the gateway's own load starves the loop.
    assertTrue(loop.overruns() <= Math.max(5, loop.ticks() / 20), name + ": loop overruns " + loop.overruns());
    assertTrue(peakHeap.get() < 512L << 20, name + ": peak heap " + (peakHeap.get() >> 20) + " MB");
    return d;
  }

  private void sampleHeap() {
    Runtime rt = Runtime.getRuntime();
    while (sampling) {
      peakHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  @Override
  public void close() throws IOException, MqttException {
    sampling = false;
    try {
      gateway.stop();
    } finally {
      try {
        platform.close();
      } finally {
        try {
          proxy.close();
        } finally {
          broker.close();
        }
      }
    }
  }

  static void pause(Duration d) {
    long until = System.nanoTime() + d.toNanos();
    Await.until(d.plusSeconds(5), () -> System.nanoTime() - until > 0, "time to pass");
  }
}
