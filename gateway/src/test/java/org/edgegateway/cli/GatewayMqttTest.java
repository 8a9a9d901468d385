// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Reading;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.testing.TestMqttClient;
import org.edgegateway.uplink.senml.DecodedPack;
import org.edgegateway.uplink.senml.SenmlDecoder;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo gateway against a real Mosquitto: what the platform receives, and a command round trip. */
class GatewayMqttTest {
  static final String PREFIX = "city/demo-park/gw-demo-01/";

  @TempDir
  Path dir;

  @Test
  void demoReadingsArriveAsSenmlInOrderWithContinuousSequenceNumbersAndCommandsAreAcked() throws Exception {
    Path brokerDir = Files.createDirectories(dir.resolve("broker"));
    try (MosquittoBroker broker = MosquittoBroker.start(brokerDir)) {
      TestMqttClient platform = TestMqttClient.connect(broker.uri(), "platform", true, PREFIX + "#");
      GatewayConfig config = ConfigLoader.load(DemoConfigs.demoIn(dir, broker.port(), "1s"));
      Gateway g = Gateway.start(config, Clock.systemUTC(), System::nanoTime, Version.buildMillis());
      try {
        Await.until(Duration.ofSeconds(30), () -> platform.on(PREFIX + "telemetry").size() >= 5, "telemetry packs");
        String cmd = "{\"id\":\"it-1\",\"expires\":\"" + Instant.now().plusSeconds(600) + "\",\"zone\":\"bed-2\","
            + "\"minutes\":0.5}";
        platform.publish(PREFIX + "cmd/open-zone", cmd.getBytes(StandardCharsets.UTF_8), false);
        Await.until(Duration.ofSeconds(20), () -> !platform.on(PREFIX + "cmd-ack").isEmpty(), "command ack");
        JsonNode ack = new ObjectMapper().readTree(platform.on(PREFIX + "cmd-ack").get(0).payload());
        assertEquals("it-1", ack.get("id").asText());
        assertEquals("accepted", ack.get("result").asText());
        Await.until(Duration.ofSeconds(10), () -> g.safety().isOpen("valve-bed-2"), "bed-2 opened by the command");
        Await.until(Duration.ofSeconds(20), () -> platform.on(PREFIX + "events").size() >= 1, "valve event");
        g.statusNow();
        Await.until(Duration.ofSeconds(10), () -> platform.on(PREFIX + "status").stream()
            .anyMatch(m -> m.text().contains("\"status\"")), "retained status with figures");
        JsonNode status = new ObjectMapper().readTree(platform.on(PREFIX + "status").stream()
            .filter(m -> m.text().contains("\"status\"")).findFirst().orElseThrow().payload()).get("status");
        assertTrue(status.get("buffer").has("telemetry") && status.get("buffer").has("oldestMillis"),
            status.toString());
        assertTrue(status.get("uplink").get("acked").asLong() > 0, status.toString());
        assertEquals("online", status.get("uplink").get("phase").asText());
      } finally {
        g.stop();
        assertTrue(g.awaitStop(5, TimeUnit.SECONDS));
      }
      assertFalse(g.safety().isOpen("valve-bed-2"));
      Await.until(Duration.ofSeconds(10), () -> platform.on(PREFIX + "status").stream()
          .anyMatch(m -> m.text().contains("offline")), "offline status at stop");
      checkTelemetry(platform.on(PREFIX + "telemetry"));
      String birth = platform.on(PREFIX + "status").get(0).text();
      assertTrue(birth.contains("\"bed-1-soil.moisture\""), "birth lists channels: " + birth);
      platform.close();
    }
  }

  /** Valid SenML, time order per channel, and sequence numbers without gaps across telemetry and events. */
  private static void checkTelemetry(List<TestMqttClient.Message> packs) throws Exception {
    SenmlDecoder decoder = new SenmlDecoder(SenmlFormat.JSON);
    Map<String, Long> lastTime = new HashMap<>();
    List<Long> seqs = new ArrayList<>();
    int readings = 0;
    for (TestMqttClient.Message m : packs) {
      DecodedPack<Reading> p = decoder.decode(m.payload());
      seqs.add(p.sequence());
      for (Reading r : p.items()) {
        Long before = lastTime.put(r.channel(), r.timeMillis());
        assertTrue(before == null || before <= r.timeMillis(), r.channel() + " out of order");
        readings++;
      }
    }
    assertTrue(readings >= 10, "readings " + readings);
    for (int i = 1; i < seqs.size(); i++) assertTrue(seqs.get(i) > seqs.get(i - 1), "increasing " + seqs);
    assertEquals(8, lastTime.keySet().size(), "all 8 demo channels reported: " + lastTime.keySet());
  }
}
