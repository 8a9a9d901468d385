// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.testing.TcpProxy;
import org.edgegateway.testing.TestMqttClient;
import org.edgegateway.uplink.Birth;
import org.edgegateway.uplink.UplinkState.Phase;
import org.edgegateway.uplink.UplinkTopic;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttUplinkTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  static final String PREFIX = "city/karlsruhe/gw-ka-0001/";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T18:00:00.250Z"), ZoneOffset.UTC);
  static final Birth BIRTH = new Birth("gw-ka-0001", "karlsruhe", 49.0094, 8.4044, "0.1.0-SNAPSHOT",
      List.of(new Birth.Channel("bed-1.moisture", "%RH"), new Birth.Channel("air.temp", "Cel")));

  @TempDir Path dir;
  MosquittoBroker broker;
  TcpProxy proxy;
  TestMqttClient platform;
  PahoMqttUplink uplink;
  final List<String> commands = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startBroker() throws Exception {
    broker = MosquittoBroker.start(dir);
    proxy = new TcpProxy(broker.port());
    platform = TestMqttClient.connect(broker.uri(), "platform", true, PREFIX + "#");
    uplink = uplink(List.of(URI.create("tcp://127.0.0.1:" + proxy.port())));
  }

  PahoMqttUplink uplink(List<URI> uris) {
    MqttSettings settings = new MqttSettings(uris, "gw-ka-0001", PREFIX, SenmlFormat.JSON, 4096, 8,
        Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofMillis(200), null, null,
        null, null, null);
    return new PahoMqttUplink(settings, () -> BIRTH,
        (name, payload) -> commands.add(Thread.currentThread().getName() + " " + name + " "
            + new String(payload, StandardCharsets.UTF_8)),
        CLOCK, new Random(1));
  }

  @AfterEach
  void stopAll() throws Exception {
    uplink.stop();
    platform.close();
    proxy.close();
    broker.close();
  }

  @Test
  void birthIsRetainedOnStatusAfterConnect() throws Exception {
    uplink.start();
    assertTrue(uplink.awaitOnline(WAIT));

    try (TestMqttClient late = TestMqttClient.connect(broker.uri(), "late", true, PREFIX + "status")) {
      Await.until(WAIT, () -> !late.messages().isEmpty(), "retained status");
      TestMqttClient.Message status = late.messages().get(0);
      assertTrue(status.retained());
      assertEquals("{\"state\":\"online\",\"id\":\"gw-ka-0001\",\"t\":1795456800.250,\"site\":\"karlsruhe\","
          + "\"lat\":49.0094,\"lon\":8.4044,\"version\":\"0.1.0-SNAPSHOT\",\"channels\":[{\"n\":\"bed-1.moisture\","
          + "\"u\":\"%RH\"},{\"n\":\"air.temp\",\"u\":\"Cel\"}]}", status.text());
    }
  }

  @Test
  void lostConnectionLeavesRetainedOfflineWillAndReconnects() throws Exception {
    uplink.start();
    assertTrue(uplink.awaitOnline(WAIT));

    proxy.cutConnections();

    Await.until(WAIT, () -> platform.on(PREFIX + "status").stream().anyMatch(m -> m.text().contains("offline")),
        "offline will");
    Await.until(WAIT, () -> uplink.state().connectAttempts() >= 2 && uplink.state().phase() == Phase.ONLINE,
        () -> "reconnected: " + uplink.state());
    try (TestMqttClient late = TestMqttClient.connect(broker.uri(), "late", true, PREFIX + "status")) {
      Await.until(WAIT, () -> !late.messages().isEmpty(), "retained status");
      assertTrue(late.messages().get(0).text().contains("\"online\""), late.messages().get(0).text());
    }
    assertTrue(uplink.state().lastError().contains("lost"), uplink.state().lastError());
    uplink.stop();
    Await.until(WAIT, () -> MqttUplinkAuthTest.threads("gw-ka-0001") == 0, "no thread left after stop");
  }

  @Test
  void cleanStopLeavesRetainedOffline() throws Exception {
    uplink.start();
    assertTrue(uplink.awaitOnline(WAIT));

    uplink.stop();

    assertEquals(Phase.STOPPED, uplink.state().phase());
    try (TestMqttClient late = TestMqttClient.connect(broker.uri(), "late", true, PREFIX + "status")) {
      Await.until(WAIT, () -> !late.messages().isEmpty(), "retained status");
      assertEquals("{\"state\":\"offline\",\"id\":\"gw-ka-0001\"}", late.messages().get(0).text());
      assertTrue(late.messages().get(0).retained());
    }
  }

  @Test
  void commandReachesListenerOnOwnThreadAlsoAfterReconnect() throws Exception {
    uplink.start();
    assertTrue(uplink.awaitOnline(WAIT));

    platform.publish(PREFIX + "cmd/valve/zone-1", "open 600".getBytes(StandardCharsets.UTF_8), false);
    Await.until(WAIT, () -> commands.size() == 1, () -> "command: " + commands);
    assertEquals("mqtt-downlink-gw-ka-0001 valve/zone-1 open 600", commands.get(0));

    proxy.cutConnections();
    Await.until(WAIT, () -> uplink.state().connectAttempts() >= 2 && uplink.state().phase() == Phase.ONLINE,
        () -> "reconnected: " + uplink.state());
    platform.publish(PREFIX + "cmd/valve/zone-2", "close".getBytes(StandardCharsets.UTF_8), false);
    Await.until(WAIT, () -> commands.size() == 2, () -> "command after reconnect: " + commands);
    assertEquals("mqtt-downlink-gw-ka-0001 valve/zone-2 close", commands.get(1));
  }

  @Test
  void sendCompletesOnPubackAndCounts() throws Exception {
    uplink.start();
    assertTrue(uplink.awaitOnline(WAIT));

    for (int i = 0; i < 100; i++) {
      uplink.send(UplinkTopic.TELEMETRY, ("m" + i).getBytes(StandardCharsets.UTF_8));
    }
    uplink.send(UplinkTopic.CMD_ACK, "{\"id\":7}".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);

    Await.until(WAIT, () -> platform.on(PREFIX + "telemetry").size() == 100, "100 messages");
    assertEquals("m0", platform.on(PREFIX + "telemetry").get(0).text());
    assertEquals("m99", platform.on(PREFIX + "telemetry").get(99).text());
    Await.until(WAIT, () -> platform.on(PREFIX + "cmd-ack").size() == 1, "cmd-ack");
    assertEquals(101, uplink.state().acked());
    assertEquals(CLOCK.millis(), uplink.state().lastAckMillis());
  }

  @Test
  void sendWhileOfflineFailsAtOnce() throws Exception {
    broker.stop();
    uplink.start();

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> uplink.send(UplinkTopic.EVENTS, new byte[] {1}).get(1, TimeUnit.SECONDS));

    assertTrue(e.getCause().getMessage().contains("not online"), e.getCause().getMessage());
    Await.until(WAIT, () -> uplink.state().lastError() != null, "an error");
    assertTrue(uplink.state().lastError().contains("refused") || uplink.state().lastError().contains("lost"),
        uplink.state().lastError());
  }

  @Test
  void deadFirstBrokerFailsOverToSecond() throws Exception {
    uplink = uplink(List.of(URI.create("tcp://127.0.0.1:" + MosquittoBroker.freePort()), URI.create(broker.uri())));

    uplink.start();

    assertTrue(uplink.awaitOnline(WAIT), () -> uplink.state().toString());
    assertEquals(broker.uri(), uplink.state().broker());
    assertEquals(1, uplink.state().connectAttempts());
  }

  @Test
  void stopThenStartConnectsAgain() throws Exception {
    uplink.start();
    assertTrue(uplink.awaitOnline(WAIT));
    uplink.stop();
    uplink.stop();

    uplink.start();

    assertTrue(uplink.awaitOnline(WAIT));
    uplink.send(UplinkTopic.TELEMETRY, new byte[] {42}).get(10, TimeUnit.SECONDS);
  }
}
