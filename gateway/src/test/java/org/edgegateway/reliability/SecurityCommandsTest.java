// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.TestMqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downlink commands against the whole gateway over a real broker: it subscribes to nothing outside its own topic
 * prefix (the broker's subscribe log shows it), ignores commands for another gateway, and rejects a replayed id, an
 * expired command, a command naming another gateway and out-of-bounds values, each with a reason, opening nothing.
 */
@Timeout(120)
class SecurityCommandsTest {
  static final String OTHER = "city/lab/gw-rel-02/";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void commandsOutsideTheRulesAreRejectedOrNeverSeen() throws Exception {
    try (Run run = new Run("commands", dir, "", "log_type subscribe\n")) {
      Await.until(Duration.ofSeconds(20), run::online, "online");
      String later = Instant.now().plusSeconds(600).toString();
      // Another gateway's topic: not subscribed, so never acknowledged by this one.
      run.platform.publish(OTHER + "cmd/open-zone", json("other-1", later, "\"zone\":\"bed-1\",\"minutes\":1"), false);
      send(run, "status", json("ok-1", later, ""));
      JsonNode ok = ack(run, "ok-1");
      assertEquals("accepted", ok.get("result").asText(), ok.toString());

      send(run, "status", json("ok-1", later, ""));
      assertRejected(run, "ok-1", "replayed id", 2);
      String past = Instant.now().minusSeconds(1).toString();
      send(run, "open-zone", json("old-1", past, "\"zone\":\"bed-1\",\"minutes\":1"));
      assertRejected(run, "old-1", "expired", 1);
      send(run, "open-zone", json("gw-1", later, "\"gateway\":\"gw-rel-02\",\"zone\":\"bed-1\",\"minutes\":1"));
      assertRejected(run, "gw-1", "for gateway 'gw-rel-02'", 1);
      send(run, "open-zone", json("big-1", later, "\"zone\":\"bed-1\",\"minutes\":5000"));
      assertRejected(run, "big-1", "out of range", 1);
      send(run, "open-zone", json("neg-1", later, "\"zone\":\"bed-1\",\"minutes\":-1"));
      assertRejected(run, "neg-1", "out of range", 1);
      send(run, "set-thresholds", json("thr-1", later, "\"zone\":\"bed-1\",\"start\":-5,\"stop\":200"));
      assertRejected(run, "thr-1", "out of range", 1);
      send(run, "open-zone", json("zone-1", later, "\"zone\":\"bed-9\",\"minutes\":1"));
      assertRejected(run, "zone-1", "unknown zone", 1);

      assertTrue(acks(run).stream().noneMatch(a -> a.path("id").asText().equals("other-1")), "other's command acked");
      assertTrue(run.platform.on(OTHER + "cmd-ack").isEmpty(), "nothing acked on the other gateway's topic");
      @SuppressWarnings("unchecked")
      Map<String, Map<String, Long>> counts = (Map<String, Map<String, Long>>) run.gateway.status().get("commands");
      assertEquals(Map.of("platform", Map.of("accepted", 1L, "rejected", 7L)), counts);
      List<String> subscriptions = run.broker.log().lines()
          .filter(l -> l.contains(" " + ReliabilitySite.ID + " ") && !l.contains("New client")).toList();
      assertFalse(subscriptions.isEmpty(), "the broker logged the gateway's subscription: " + run.broker.log());
      for (String l : subscriptions) {
        String filter = l.substring(l.lastIndexOf(' ') + 1);
        assertTrue(filter.startsWith(ReliabilitySite.PREFIX), "subscribed outside its prefix: " + l);
      }
      run.finish();
    }
  }

  private static byte[] json(String id, String expires, String fields) {
    return ("{\"id\":\"" + id + "\",\"expires\":\"" + expires + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void send(Run run, String name, byte[] payload) throws Exception {
    run.platform.publish(ReliabilitySite.PREFIX + "cmd/" + name, payload, false);
  }

  private static List<JsonNode> acks(Run run) {
    return run.platform.on(ReliabilitySite.PREFIX + "cmd-ack").stream().map(SecurityCommandsTest::read).toList();
  }

  private static JsonNode ack(Run run, String id) {
    Await.until(Duration.ofSeconds(20), () -> acks(run).stream().anyMatch(a -> a.path("id").asText().equals(id)),
        "an ack for " + id);
    return acks(run).stream().filter(a -> a.path("id").asText().equals(id)).findFirst().orElseThrow();
  }

  private static void assertRejected(Run run, String id, String reason, int nth) {
    Await.until(Duration.ofSeconds(20), () -> acks(run).stream().filter(a -> a.path("id").asText().equals(id))
        .count() >= nth, "ack " + nth + " for " + id);
    JsonNode a = acks(run).stream().filter(x -> x.path("id").asText().equals(id)).skip(nth - 1).findFirst()
        .orElseThrow();
    assertEquals("rejected", a.get("result").asText(), a.toString());
    assertTrue(a.get("reason").asText().contains(reason), a.toString());
  }

  private static JsonNode read(TestMqttClient.Message m) {
    try {
      return JSON.readTree(m.payload());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
