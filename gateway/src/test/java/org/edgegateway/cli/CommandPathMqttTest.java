// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.status.coap.CoapClientProcess;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.testing.TestMqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command path from the outside, as the platform and a technician see it: the real gateway on simulated valves,
 * commands over a real Mosquitto, zone tests with libcoap's coap-client, and the valve's real open and close times
 * read from the {@code valve.*} events the platform receives.
 */
@Timeout(120)
class CommandPathMqttTest {
  static final String PREFIX = "city/lab/gw-cmd-01/";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TECH = "tech-anna";
  static final String KEY = "tech-key-123";
  /** Tolerance for open times measured from event times: a tick (100 ms) on each end, and some scheduling. */
  static final double SLACK = 0.35;

  @TempDir
  Path dir;

  private static final String SITE = """
      gateway: {id: gw-cmd-01, site: lab, time-zone: Europe/Berlin, state-dir: STATE}
      loop: {period: 100ms, status-every: 1m}
      valves:
        - {id: valve-a, type: simulated, max-open: 10m}
        - {id: valve-b, type: simulated, max-open: 3s}
        - {id: valve-c, type: simulated, max-open: 10m}
      sensors:
        - {id: soil-a, type: sim-soil, valve: valve-a, initial: 40, dry-per-hour: 0, interval: 1s}
        - {id: soil-b, type: sim-soil, valve: valve-b, initial: 5, dry-per-hour: 0, wet-per-hour: 0, interval: 1s}
        - {id: soil-c, type: sim-soil, valve: valve-c, initial: 40, dry-per-hour: 0, interval: 1s}
      safety: {max-concurrent: 3, min-pause: 3s}
      zones:
        - {id: a, valve: valve-a, moisture: [soil-a.moisture], start-below: 20, stop-above: 26, min-run: 1s,
           max-run: 4s}
        - {id: b, valve: valve-b, moisture: [soil-b.moisture], start-below: 20, stop-above: 26, min-run: 1s,
           max-run: 20s}
        - {id: c, valve: valve-c, moisture: [soil-c.moisture], start-below: 20, stop-above: 26, min-run: 1s,
           max-run: 1m}
      buffer: {file: buffer.db}
      uplinks:
        mqtt: {uris: ['tcp://127.0.0.1:PORT'], format: json, reconnect-min: 200ms, reconnect-max: 1s}
      """;

  /** A running site: broker, platform client and gateway; closes them in reverse. */
  private final class Site implements AutoCloseable {
    final MosquittoBroker broker;
    final TestMqttClient platform;
    final Gateway gateway;
    final List<JsonNode> seenAcks = new ArrayList<>();

    Site(String extraYaml) throws Exception {
      broker = MosquittoBroker.start(Files.createDirectories(dir.resolve("broker")));
      platform = TestMqttClient.connect(broker.uri(), "platform", true, PREFIX + "#");
      Path file = dir.resolve("site.yaml");
      Files.writeString(file, SITE.replace("STATE", dir.resolve("state").toString())
          .replace("PORT", Integer.toString(broker.port())) + extraYaml, StandardCharsets.UTF_8);
      gateway = Gateway.start(ConfigLoader.load(file), Clock.systemUTC(), System::nanoTime, Version.buildMillis());
      Await.until(Duration.ofSeconds(20), () -> !platform.on(PREFIX + "status").isEmpty(), "the gateway online");
    }

    /** Publishes {@code cmd/<name>} with id, expiry and {@code fields}, and returns its ack. */
    JsonNode send(String name, String id, String fields) throws Exception {
      String body = "{\"id\":\"" + id + "\",\"expires\":\"" + Instant.now().plusSeconds(600) + "\""
          + (fields.isEmpty() ? "" : "," + fields) + "}";
      platform.publish(PREFIX + "cmd/" + name, body.getBytes(StandardCharsets.UTF_8), false);
      Await.until(Duration.ofSeconds(10), () -> ack(id) != null, "the ack of " + id);
      JsonNode a = ack(id);
      seenAcks.add(a);
      return a;
    }

    JsonNode ack(String id) {
      for (TestMqttClient.Message m : platform.on(PREFIX + "cmd-ack")) {
        JsonNode a = tree(m.payload());
        if (id.equals(a.path("id").asText(null))) return a;
      }
      return null;
    }

    /** Every event the platform received so far, in order. */
    List<JsonNode> events() {
      List<JsonNode> out = new ArrayList<>();
      for (TestMqttClient.Message m : platform.on(PREFIX + "events")) tree(m.payload()).forEach(out::add);
      return out;
    }

    /** The valve's open periods from its {@code valve.opened}/{@code valve.closed} events: [open, close] in s. */
    List<double[]> openPeriods(String valve) {
      List<double[]> periods = new ArrayList<>();
      double opened = Double.NaN;
      for (JsonNode e : events()) {
        if (!valve.equals(e.path("source").asText())) continue;
        String kind = e.path("kind").asText();
        if (kind.equals("valve.opened")) opened = e.get("t").asDouble();
        if (kind.equals("valve.closed") && !Double.isNaN(opened)) {
          periods.add(new double[] {opened, e.get("t").asDouble()});
          opened = Double.NaN;
        }
      }
      return periods;
    }

    boolean hasEvent(String kind, String source) {
      return events().stream().anyMatch(e -> e.path("kind").asText().equals(kind)
          && e.path("source").asText().equals(source));
    }

    /** Waits until the loop has ticked {@code n} more times: a valve that must not move has had time to. */
    void ticks(int n) {
      long until = gateway.loop().metrics().ticks() + n;
      Await.until(Duration.ofSeconds(30), () -> gateway.loop().metrics().ticks() >= until, n + " ticks");
    }

    @Override
    public void close() {
      try {
        gateway.stop();
        assertTrue(gateway.awaitStop(10, TimeUnit.SECONDS));
        for (String v : List.of("valve-a", "valve-b", "valve-c")) assertFalse(gateway.safety().isOpen(v), v);
        platform.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      } catch (Exception e) {
        throw new AssertionError("closing the platform client", e);
      } finally {
        broker.close();
      }
    }
  }

  @Test
  void repeatedOpenZoneCommandsCannotStretchARunPastMaxRun() throws Exception {
    try (Site site = new Site("")) {
      // One command a second for 9 s, each asking for a minute; zone a's max-run is 4 s, its valve's pause 3 s.
      for (int i = 0; i < 9; i++) {
        long t0 = System.nanoTime();
        JsonNode ack = site.send("open-zone", "stretch-" + i, "\"zone\":\"a\",\"minutes\":1");
        assertTrue(ack.path("seconds").asDouble(0) <= 4.0, "never more than max-run granted: " + ack);
        Await.until(Duration.ofSeconds(5), () -> System.nanoTime() - t0 >= 1_000_000_000L, "the next second");
      }
      site.send("close-zone", "stretch-end", "\"zone\":\"a\"");
      Await.until(Duration.ofSeconds(20), () -> site.hasEvent("valve.closed", "valve-a")
          && !site.gateway.safety().isOpen("valve-a") && site.openPeriods("valve-a").size() >= 2,
          "two runs of zone a reported");
      List<double[]> periods = site.openPeriods("valve-a");
      for (double[] p : periods) {
        assertTrue(p[1] - p[0] <= 4.0 + SLACK, "a run of " + (p[1] - p[0]) + " s: max-run is 4 s");
      }
      for (int i = 1; i < periods.size(); i++) {
        assertTrue(periods.get(i)[0] - periods.get(i - 1)[1] >= 3.0 - SLACK, "a new run waits for min-pause");
      }
    }
  }

  @Test
  void anOpenZoneCommandAfterAMaxOpenLockoutIsRejectedAndNothingOpens() throws Exception {
    try (Site site = new Site("")) {
      // Zone b's soil is dry: its rule waters it until valve-b's max-open (3 s) locks the valve out.
      Await.until(Duration.ofSeconds(30), () -> site.hasEvent("valve.max-open", "valve-b"), "the max-open lockout");
      JsonNode ack = site.send("open-zone", "after-lockout", "\"zone\":\"b\",\"minutes\":1");
      assertEquals("rejected", ack.get("result").asText(), ack.toString());
      assertTrue(ack.get("reason").asText().contains("max-open"), ack.toString());
      site.ticks(20);
      assertFalse(site.gateway.safety().isOpen("valve-b"), "the lockout holds");
      assertTrue(site.openPeriods("valve-b").stream().allMatch(p -> p[1] - p[0] <= 3.0 + SLACK));
    }
  }

  @Test
  void aCommandWithARepeatedKeyIsRejectedNamingTheKeyAndOpensNothing() throws Exception {
    try (Site site = new Site("")) {
      JsonNode ack = site.send("open-zone", "dup-1", "\"zone\":\"a\",\"minutes\":1,\"zone\":\"c\"");
      assertEquals("rejected", ack.get("result").asText(), ack.toString());
      assertEquals("duplicate key 'zone'; each key may appear once", ack.get("reason").asText());
      site.ticks(10);
      assertFalse(site.gateway.safety().isOpen("valve-a"));
      assertFalse(site.gateway.safety().isOpen("valve-c"));
    }
  }

  @Test
  void aRunDelayedByMinPauseIsQueuedAndThenGetsItsFullTime() throws Exception {
    try (Site site = new Site("")) {
      JsonNode first = site.send("open-zone", "pause-1", "\"zone\":\"c\",\"minutes\":0.1");
      assertEquals("accepted", first.get("result").asText(), first.toString());
      Await.until(Duration.ofSeconds(20), () -> site.openPeriods("valve-c").size() == 1, "the first run over");
      JsonNode second = site.send("open-zone", "pause-2", "\"zone\":\"c\",\"minutes\":0.1");
      assertEquals("queued", second.get("result").asText(), second.toString());
      assertTrue(second.get("reason").asText().contains("min-pause"), second.toString());
      assertEquals(6.0, second.get("seconds").asDouble(), 1e-9, "the full time, not what is left after the pause");
      double start = second.get("start").asDouble();
      double firstClosed = site.openPeriods("valve-c").get(0)[1];
      assertEquals(firstClosed + 3.0, start, SLACK, "starts when min-pause is over: " + second);
      Await.until(Duration.ofSeconds(20), () -> site.openPeriods("valve-c").size() == 2, "the queued run over");
      double[] run = site.openPeriods("valve-c").get(1);
      assertEquals(start, run[0], SLACK, "opened at the start the ack gave");
      assertEquals(6.0, run[1] - run[0], SLACK, "ran its full granted time");
    }
  }

  @Test
  void aTechniciansZoneTestOverCoapGoesThroughTheCommandPathWithAckCountsAndEvents() throws Exception {
    Files.writeString(dir.resolve("tech-id"), TECH + "\n");
    Files.writeString(dir.resolve("tech-psk"), KEY + "\n");
    int plain = freeUdpPort();
    int dtls = freeUdpPort();
    String local = "local-server: {address: 127.0.0.1, port: " + plain + ", dtls-port: " + dtls
        + ", psk-identity-file: tech-id, psk-file: tech-psk}\n";
    try (Site site = new Site(local)) {
      CoapClientProcess.Result test = CoapClientProcess.run(dir, 30, "-B", "10", "-m", "post", "-e", "2",
          "-u", TECH, "-k", KEY, "coaps://127.0.0.1:" + dtls + "/zones/a/test");
      String out = test.output();
      assertTrue(out.contains("\"id\":\"coap-1\",\"result\":\"accepted\",\"zone\":\"a\""), out);
      assertTrue(out.contains("\"seconds\":2") && out.contains("\"source\":\"technician\""), out);
      Await.until(Duration.ofSeconds(20), () -> site.openPeriods("valve-a").size() == 1, "the test run over");
      double[] run = site.openPeriods("valve-a").get(0);
      assertEquals(2.0, run[1] - run[0], SLACK, "open for the 2 s asked");
      Await.until(Duration.ofSeconds(20), () -> site.events().stream().anyMatch(e -> e.path("kind").asText()
          .equals("command.accepted") && e.path("message").asText().contains("technician 'tech-anna' via coap")),
          "the command's event names the technician");
      assertTrue(site.events().stream().anyMatch(e -> e.path("kind").asText().equals("valve.opened")
          && e.path("message").asText().contains("technician 'tech-anna' via coap")), "the valve event too");
      JsonNode status = site.send("status", "st-1", "");
      assertEquals(1, status.at("/status/commands/technician/accepted").asInt(), status.toString());
    }
  }

  private static JsonNode tree(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
