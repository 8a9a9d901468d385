// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.control.ClockSanity;
import org.edgegateway.control.Controller;
import org.edgegateway.control.LoopMetrics;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.rules.ZoneState;
import org.edgegateway.safety.RecordingValve;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Snapshot;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {
  static final long S = 1_000_000_000L;
  final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  final List<JsonNode> acks = new ArrayList<>();
  final RecordingValve v1 = new RecordingValve("v1", false);
  long now = 1000 * S;
  boolean clockOk = true;
  final Controller controller;
  final CommandHandler handler;

  CommandHandlerTest() throws Exception {
    GatewayConfig c = CommandParserTest.config();
    LatestValues latest = new LatestValues();
    latest.publish(new Reading("s1.moisture", 0, 0.30, "/", Quality.OK), now);
    latest.publish(new Reading("s2.moisture", 0, 10, "kPa", Quality.OK), now);
    Safety safety = new Safety(Map.<String, ValveOutput>of("v1", v1, "v2", new RecordingValve("v2", false)), c,
        clock, () -> now, e -> { });
    controller = new Controller(c, new Snapshot(latest, c), safety, clock, new ClockSanity(clock, 0), e -> { },
        new LoopMetrics());
    handler = new CommandHandler(new CommandParser(c), controller, clock, () -> clockOk, this::ack,
        () -> Map.of("id", "gw-1"));
  }

  private void ack(byte[] bytes) {
    try {
      acks.add(new ObjectMapper().readTree(bytes));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private JsonNode send(String name, String json) {
    handler.handle(name, json.getBytes(StandardCharsets.UTF_8));
    return acks.get(acks.size() - 1);
  }

  private void ticks(int n) {
    for (int i = 0; i < n; i++) controller.run(now += S, S);
  }

  @Test
  void anOpenZoneCommandIsAcceptedAppliedCappedAndExpires() {
    JsonNode ack = send("open-zone", "{\"id\":\"c1\",\"expires\":\"2026-06-01T13:00:00Z\",\"zone\":\"bed-1\","
        + "\"minutes\":600}");
    assertEquals("accepted", ack.get("result").asText());
    assertEquals(20.0, ack.get("minutes").asDouble(), "capped at the valve's max-open");
    assertTrue(ack.get("note").asText().contains("capped"));
    ticks(2);
    assertTrue(v1.isOpen(), "the wet zone runs because of the command");
    ticks(20 * 60);
    assertFalse(v1.isOpen(), "the manual run expired");
    assertEquals(ZoneState.Phase.IDLE, controller.view().get(0).phase());
  }

  @Test
  void holdAndCloseKeepAZoneClosedAndThresholdsChange() {
    assertEquals("accepted", send("set-thresholds", "{\"id\":\"t1\",\"expires\":\"2026-06-01T13:00:00Z\","
        + "\"zone\":\"bed-1\",\"start\":35,\"stop\":40}").get("result").asText());
    ticks(2);
    assertTrue(v1.isOpen(), "30 % is now below the new start of 35 %");
    assertEquals("accepted", send("close-zone", "{\"id\":\"t2\",\"expires\":\"2026-06-01T13:00:00Z\","
        + "\"zone\":\"bed-1\",\"minutes\":10}").get("result").asText());
    ticks(2);
    assertFalse(v1.isOpen());
    assertEquals("accepted", send("hold-zone", "{\"id\":\"t3\",\"expires\":\"2026-06-01T13:00:00Z\","
        + "\"zone\":\"bed-1\",\"until\":\"2026-06-01T18:00:00Z\"}").get("result").asText());
    ticks(3600);
    assertFalse(v1.isOpen(), "held closed for hours although dry");
  }

  @Test
  void aReplayedIdIsRejected() {
    String cmd = "{\"id\":\"same\",\"expires\":\"2026-06-01T13:00:00Z\",\"zone\":\"bed-1\",\"minutes\":1}";
    assertEquals("accepted", send("open-zone", cmd).get("result").asText());
    JsonNode second = send("open-zone", cmd);
    assertEquals("rejected", second.get("result").asText());
    assertEquals("replayed id", second.get("reason").asText());
    assertEquals("same", second.get("id").asText());
  }

  @Test
  void malformedJsonIsAnsweredWithANullIdAndCounted() {
    JsonNode ack = send("open-zone", "{not json");
    assertEquals("rejected", ack.get("result").asText());
    assertTrue(ack.get("id").isNull());
    assertTrue(ack.get("reason").asText().startsWith("malformed JSON"));
    assertEquals(1L, handler.counts().get("rejected"));
  }

  @Test
  void commandsWaitWhileTheClockIsNotSynchronised() {
    clockOk = false;
    JsonNode ack = send("status", "{\"id\":\"s1\",\"expires\":\"2026-06-01T13:00:00Z\"}");
    assertEquals("rejected", ack.get("result").asText());
    assertTrue(ack.get("reason").asText().contains("clock not synchronised"));
  }

  @Test
  void statusIsAnsweredInTheAck() {
    JsonNode ack = send("status", "{\"id\":\"s2\",\"expires\":\"2026-06-01T13:00:00Z\"}");
    assertEquals("gw-1", ack.get("status").get("id").asText());
  }
}
