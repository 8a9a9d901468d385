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
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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
import org.edgegateway.data.Event;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one command path on a real controller and safety, the loop driven by the test; acks as the platform sees. */
class CommandServiceTest {
  static final long S = 1_000_000_000L;
  final Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
  final List<JsonNode> acks = new CopyOnWriteArrayList<>();
  final List<Event> events = new CopyOnWriteArrayList<>();
  final RecordingValve v1 = new RecordingValve("v1", false);
  long now = 1000 * S;
  boolean clockOk = true;
  final Controller controller;
  final CommandService handler;

  CommandServiceTest() throws Exception {
    GatewayConfig c = CommandParserTest.config();
    LatestValues latest = new LatestValues();
    latest.publish(new Reading("s1.moisture", 0, 0.30, "/", Quality.OK), now);
    latest.publish(new Reading("s2.moisture", 0, 10, "kPa", Quality.OK), now);
    Safety safety = new Safety(Map.<String, ValveOutput>of("v1", v1, "v2", new RecordingValve("v2", false)), c,
        clock, () -> now, e -> { });
    controller = new Controller(c, new Snapshot(latest, c), safety, clock, new ClockSanity(clock, 0), e -> { },
        new LoopMetrics());
    handler = new CommandService(new CommandParser(c), controller::submit, clock, () -> clockOk, events::add,
        () -> Map.of("id", "gw-1"));
    handler.mqttAcks(this::ack);
  }

  @AfterEach
  void close() {
    handler.close();
  }

  private void ack(byte[] bytes) {
    try {
      acks.add(new ObjectMapper().readTree(bytes));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Sends a command as the platform does, lets the loop tick once, and returns its ack. */
  private JsonNode send(String name, String json) {
    int before = acks.size();
    handler.handle(name, json.getBytes(StandardCharsets.UTF_8));
    ticks(1);
    Await.until(Duration.ofSeconds(5), () -> acks.size() > before, "the ack of " + name);
    return acks.get(acks.size() - 1);
  }

  private void ticks(int n) {
    for (int i = 0; i < n; i++) controller.run(now += S, S);
  }

  @Test
  void anOpenZoneCommandIsGrantedWhatTheLimitsAllowAndRunsExactlyThatLong() {
    JsonNode ack = send("open-zone", "{\"id\":\"c1\",\"expires\":\"2026-06-01T13:00:00Z\",\"zone\":\"bed-1\","
        + "\"minutes\":600}");
    assertEquals("accepted", ack.get("result").asText(), ack.toString());
    assertEquals(20, ack.get("minutes").asInt(), "capped at the valve's max-open: " + ack);
    assertEquals("bed-1", ack.get("zone").asText());
    assertEquals("platform", ack.get("source").asText());
    assertTrue(ack.get("note").asText().contains("max-open"), ack.toString());
    assertTrue(v1.isOpen(), "the wet zone runs because of the command, from the tick that took it");
    int open = 1;
    for (int i = 0; i < 30 * 60; i++) {
      ticks(1);
      if (v1.isOpen()) open++;
    }
    assertEquals(20 * 60, open, "open for the 20 granted minutes, one tick a second");
    assertEquals(ZoneState.Phase.IDLE, controller.view().get(0).phase());
  }

  @Test
  void holdAndCloseKeepAZoneClosedAndThresholdsChange() {
    assertEquals("accepted", send("set-thresholds", "{\"id\":\"t1\",\"expires\":\"2026-06-01T13:00:00Z\","
        + "\"zone\":\"bed-1\",\"start\":35,\"stop\":40}").get("result").asText());
    ticks(2);
    assertTrue(v1.isOpen(), "30 % is now below the new start of 35 %");
    JsonNode close = send("close-zone", "{\"id\":\"t2\",\"expires\":\"2026-06-01T13:00:00Z\","
        + "\"zone\":\"bed-1\",\"minutes\":10}");
    assertEquals("accepted", close.get("result").asText());
    assertEquals(clock.millis() / 1000.0 + 600, close.get("until").asDouble(), 0.01, close.toString());
    assertFalse(v1.isOpen(), "closed in the tick that took the command");
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
  void malformedJsonIsAnsweredWithANullIdCountedAndRecordedAsAnEvent() {
    JsonNode ack = send("open-zone", "{not json");
    assertEquals("rejected", ack.get("result").asText());
    assertTrue(ack.get("id").isNull());
    assertTrue(ack.get("reason").asText().startsWith("malformed JSON"));
    assertEquals(1L, handler.counts().get("platform").get("rejected"));
    Await.until(Duration.ofSeconds(5), () -> !events.isEmpty(), "the command's event");
    Event e = events.get(0);
    assertEquals("command.rejected", e.kind());
    assertTrue(e.message().contains("by platform via mqtt"), e.message());
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

  @Test
  void aCommandTheLoopDoesNotTakeInTimeIsRejectedAndNeverAppliedLater() throws Exception {
    Ack ack = handler.submit(Origin.technician("web", "anna"), new Command.OpenZone("bed-1", Duration.ofMinutes(1)))
        .get(10, TimeUnit.SECONDS);
    assertEquals(Ack.Result.REJECTED, ack.result());
    assertTrue(ack.reason().contains("did not take the command"), ack.reason());
    ticks(5);
    assertFalse(v1.isOpen(), "the abandoned command was skipped by the loop");
  }

  @Test
  void aTechniciansCommandIsNamedInItsAckEventAndValveReason() throws Exception {
    var answer = handler.submit(Origin.technician("coap", "tech-1"), new Command.OpenZone("bed-1",
        Duration.ofSeconds(5)));
    ticks(1);
    Ack ack = answer.get(5, TimeUnit.SECONDS);
    assertEquals(Ack.Result.ACCEPTED, ack.result());
    assertEquals("coap-1", ack.id());
    assertEquals(5000, ack.grantedMillis());
    ticks(1);
    assertTrue(controller.view().get(0).reason().contains("technician 'tech-1' via coap"),
        controller.view().get(0).reason());
    assertEquals(1L, handler.counts().get("technician").get("accepted"));
    Await.until(Duration.ofSeconds(5), () -> events.stream().anyMatch(e -> e.kind().equals("command.accepted")
        && e.message().contains("technician 'tech-1' via coap")), "the technician's command event");
  }
}
