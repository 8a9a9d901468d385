// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP;
import org.edgegateway.buffer.DeadLetter;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Reading;
import org.edgegateway.status.coap.CoapClientProcess;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.testing.TestMqttClient;
import org.edgegateway.uplink.coap.TestCoapServer;
import org.edgegateway.uplink.senml.SenmlDecoder;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo gateway with both uplinks (MQTT to a real Mosquitto, CoAP to a Californium server) and its local CoAP
 * server, driven by libcoap's coap-client as a technician would.
 */
class CoapGatewayTest {
  static final String PREFIX = GatewayMqttTest.PREFIX;
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String TECH = "tech-anna";
  static final String KEY = "tech-key-123";

  @TempDir
  Path dir;

  private Path config(int mqttPort, String coapUri, String coapCarry, int localPort, int dtlsPort)
      throws Exception {
    Path demo = DemoConfigs.demoIn(dir, mqttPort, "1s");
    Files.writeString(dir.resolve("tech-id"), TECH + "\n");
    Files.writeString(dir.resolve("tech-psk"), KEY + "\n");
    String text = Files.readString(demo, StandardCharsets.UTF_8).replace("    reconnect-max: 30s\n",
        "    reconnect-max: 30s\n  coap:\n    uri: " + coapUri + "\n    format: json\n    carry: " + coapCarry
        + "\n    ack-timeout: 200ms\n    max-retransmit: 2\n    reconnect-min: 200ms\n    reconnect-max: 1s\n")
        + "\nlocal-server:\n  address: 127.0.0.1\n  port: " + localPort + "\n  dtls-port: " + dtlsPort
        + "\n  psk-identity-file: tech-id\n  psk-file: tech-psk\n";
    Files.writeString(demo, text, StandardCharsets.UTF_8);
    return demo;
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Channel and time of every reading in these SenML JSON packs. */
  private static Set<String> readings(List<byte[]> packs) throws Exception {
    SenmlDecoder decoder = new SenmlDecoder(SenmlFormat.JSON);
    Set<String> keys = new HashSet<>();
    for (byte[] p : packs) {
      for (Reading r : decoder.decode(p).items()) keys.add(r.channel() + "@" + r.timeMillis());
    }
    return keys;
  }

  /** Readings still owed to {@code uplink} in the outbox file. */
  private static Set<String> owed(GatewayConfig config, String uplink) throws Exception {
    Set<String> keys = new HashSet<>();
    try (Outbox outbox = SqliteOutbox.open(OutboxSettings.defaults(config.buffer().file()), Clock.systemUTC(),
        id -> { }, Uplinks.carriers(config))) {
      Outbox view = outbox.forUplink(uplink);
      long after = 0;
      for (List<Outbox.Entry> page; !(page = view.next(Priority.TELEMETRY, after, 500)).isEmpty(); ) {
        for (Outbox.Entry e : page) {
          // As the SenML decoder resolves them: base name + name.
          keys.add(config.gateway().id() + "/" + ((Reading) e.item()).channel() + "@" + e.item().timeMillis());
        }
        after = page.get(page.size() - 1).id();
      }
    }
    return keys;
  }

  @Test
  void bothUplinksGetWhatTheyCarryAndATechnicianTestsAZoneOverDtls() throws Exception {
    Path brokerDir = Files.createDirectories(dir.resolve("broker"));
    try (MosquittoBroker broker = MosquittoBroker.start(brokerDir); TestCoapServer coap = TestCoapServer.plain()) {
      TestMqttClient platform = TestMqttClient.connect(broker.uri(), "platform", true, PREFIX + "#");
      int local = freeUdpPort();
      int dtls = freeUdpPort();
      GatewayConfig config = ConfigLoader.load(config(broker.port(), coap.uri(), "[telemetry]", local, dtls));
      Gateway g = Gateway.start(config, Clock.systemUTC(), System::nanoTime, Version.buildMillis());
      try {
        Await.until(WAIT, () -> coap.posts("telemetry").size() >= 3 && platform.on(PREFIX + "telemetry").size() >= 3,
            "telemetry on both uplinks");
        CoapClientProcess.Result status = CoapClientProcess.run(dir, 20, "-B", "5",
            "coap://127.0.0.1:" + local + "/status");
        assertTrue(status.output().contains("\"id\":\"gw-demo-01\""), status.output());
        assertTrue(status.output().contains("coap online"), status.output());

        CoapClientProcess.Result refused = CoapClientProcess.run(dir, 20, "-B", "5", "-m", "post", "-e", "5",
            "coap://127.0.0.1:" + local + "/zones/bed-2/test");
        assertTrue(refused.output().contains("4.01"), refused.output());
        assertFalse(g.safety().isOpen("valve-bed-2"), "plain CoAP opened nothing");

        CoapClientProcess.Result test = CoapClientProcess.run(dir, 30, "-B", "10", "-m", "post", "-e", "5",
            "-u", TECH, "-k", KEY, "coaps://127.0.0.1:" + dtls + "/zones/bed-2/test");
        assertTrue(test.output().contains("\"result\":\"accepted\",\"zone\":\"bed-2\",\"minutes\":0.0833,"
            + "\"seconds\":5"),
            test.output());
        Await.until(Duration.ofSeconds(10), () -> g.safety().isOpen("valve-bed-2"), "bed-2 opened for the test");
        Await.until(WAIT, () -> !platform.on(PREFIX + "events").isEmpty(), "the valve event over MQTT");
      } finally {
        g.stop();
        assertTrue(g.awaitStop(10, TimeUnit.SECONDS));
      }
      assertFalse(g.safety().isOpen("valve-bed-2"));
      assertTrue(coap.posts("events").isEmpty(), "CoAP carries telemetry only here");
      List<byte[]> mqttPacks = new ArrayList<>();
      platform.on(PREFIX + "telemetry").forEach(m -> mqttPacks.add(m.payload()));
      List<byte[]> coapPacks = new ArrayList<>();
      coap.posts("telemetry").forEach(p -> coapPacks.add(p.payload()));
      Set<String> viaMqtt = readings(mqttPacks);
      viaMqtt.addAll(owed(config, "mqtt"));
      Set<String> viaCoap = readings(coapPacks);
      viaCoap.addAll(owed(config, "coap"));
      assertTrue(viaMqtt.size() >= 10, "readings " + viaMqtt.size());
      assertEquals(viaMqtt, viaCoap, "each uplink got (or is still owed) every reading");
      platform.close();
    }
  }

  @Test
  void aPackThePlatformRefusesIsDeadLetteredWithAnEventAndForwardingCarriesOn() throws Exception {
    Path brokerDir = Files.createDirectories(dir.resolve("broker"));
    try (MosquittoBroker broker = MosquittoBroker.start(brokerDir); TestCoapServer coap = TestCoapServer.plain()) {
      coap.answer(CoAP.ResponseCode.BAD_REQUEST, "unknown gateway");
      TestMqttClient platform = TestMqttClient.connect(broker.uri(), "platform", true, PREFIX + "#");
      GatewayConfig config = ConfigLoader.load(config(broker.port(), coap.uri(), "[telemetry, events]",
          freeUdpPort(), freeUdpPort()));
      Gateway g = Gateway.start(config, Clock.systemUTC(), System::nanoTime, Version.buildMillis());
      try {
        Await.until(WAIT, () -> platform.on(PREFIX + "events").stream()
            .anyMatch(m -> m.text().contains("uplink.dead-letter")), "dead-letter event over MQTT");
        List<DeadLetter> letters = g.outbox().deadLetters(10);
        assertFalse(letters.isEmpty());
        assertEquals("coap", letters.get(0).uplink());
        assertTrue(letters.get(0).reason().startsWith("4.00 BAD_REQUEST: unknown gateway"), letters.get(0).reason());
        assertTrue(new String(letters.get(0).payload(), StandardCharsets.UTF_8).startsWith("["));

        coap.answer(CoAP.ResponseCode.CHANGED, "");
        Await.until(WAIT, () -> coap.posts("telemetry").size() >= 2, "forwarding carried on");
        Await.until(WAIT, () -> g.outbox().stats().storedTelemetry() < 50, () -> "no backlog: " + g.outbox().stats());
      } finally {
        g.stop();
        assertTrue(g.awaitStop(10, TimeUnit.SECONDS));
      }
      platform.close();
    }
  }
}
