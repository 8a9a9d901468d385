// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.edgegateway.data.Event;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.data.Severity;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.testing.TestMqttClient;
import org.edgegateway.uplink.UplinkState.Phase;
import org.edgegateway.uplink.mqtt.MqttSettings;
import org.edgegateway.uplink.mqtt.PahoMqttUplink;
import org.edgegateway.uplink.senml.DecodedPack;
import org.edgegateway.uplink.senml.EventCodec;
import org.edgegateway.uplink.senml.SenmlDecoder;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tinylog.Logger;

/** The forwarder and the Paho uplink against a real Mosquitto, the platform played by a Paho subscriber. */
class ForwarderMqttTest {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String PREFIX = "city/karlsruhe/gw-ka-0001/";
  static final long T0 = 1_795_456_800_000L;
  static final Birth BIRTH = new Birth("gw-ka-0001", "karlsruhe", 49.0094, 8.4044, "0.1.0-SNAPSHOT", List.of());

  @TempDir Path dir;
  final FakeOutbox outbox = new FakeOutbox();
  MosquittoBroker broker;
  TestMqttClient platform;
  PahoMqttUplink uplink;
  Forwarder forwarder;

  @AfterEach
  void stopAll() throws Exception {
    if (forwarder != null) forwarder.stop();
    if (uplink != null) uplink.stop();
    if (platform != null) platform.close();
    if (broker != null) broker.close();
  }

  void startGateway(SenmlFormat format, long firstSequence) throws IOException {
    MqttSettings settings = new MqttSettings(List.of(URI.create(broker.uri())), "gw-ka-0001", PREFIX, format, 1024,
        8, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(1), null,
        null, null, null, null);
    uplink = new PahoMqttUplink(settings, () -> BIRTH, (name, payload) -> { }, Clock.systemUTC(), new Random(7));
    forwarder = new Forwarder(outbox, uplink, "gw-ka-0001/", firstSequence, Clock.systemUTC());
    uplink.start();
    forwarder.start();
  }

  static Reading reading(int i) {
    return new Reading("bed-" + (i % 5) + ".moisture", T0 + i * 1000L, 20 + (i % 100) * 0.25, "%RH",
        i % 97 == 0 ? Quality.OUT_OF_RANGE : Quality.OK);
  }

  static Event event(int i) {
    return new Event(T0 + i * 1000L, "alert.raised", "bed-" + (i % 5), Severity.WARNING, "dry " + i, i);
  }

  /** Every message on telemetry and events, decoded, in arrival order. */
  record Received(List<DecodedPack<Reading>> telemetry, List<DecodedPack<Event>> events, List<Long> sequences,
      List<String> topics) {
    static Received of(List<TestMqttClient.Message> messages, SenmlFormat format) throws IOException {
      Received r = new Received(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      for (TestMqttClient.Message m : messages) {
        if (m.topic().equals(PREFIX + "telemetry")) {
          DecodedPack<Reading> pack = new SenmlDecoder(format).decode(m.payload());
          r.telemetry.add(pack);
          r.sequences.add(pack.sequence());
        } else if (m.topic().equals(PREFIX + "events")) {
          DecodedPack<Event> pack = new EventCodec(format).decode(m.payload());
          r.events.add(pack);
          r.sequences.add(pack.sequence());
        } else {
          continue;
        }
        r.topics.add(m.topic());
      }
      return r;
    }

    Set<Reading> readings() {
      Set<Reading> all = new HashSet<>();
      telemetry.forEach(p -> all.addAll(p.items()));
      return all;
    }

    Set<Event> eventSet() {
      Set<Event> all = new HashSet<>();
      events.forEach(p -> all.addAll(p.items()));
      return all;
    }
  }

  static Reading resolved(Reading r) {
    return new Reading("gw-ka-0001/" + r.channel(), r.timeMillis(), r.value(), r.unit(), r.quality());
  }

  static void assertOrderedPerChannel(Received received) {
    Map<String, Long> last = new HashMap<>();
    Set<Reading> seen = new HashSet<>();
    for (DecodedPack<Reading> pack : received.telemetry()) {
      for (Reading r : pack.items()) {
        if (!seen.add(r)) continue; // a duplicate of an earlier delivery
        long previous = last.getOrDefault(r.channel(), Long.MIN_VALUE);
        assertTrue(r.timeMillis() > previous, "out of order on " + r.channel() + " at " + r.timeMillis());
        last.put(r.channel(), r.timeMillis());
      }
    }
  }

  static void assertNoGaps(List<Long> sequences, long first, long next) {
    TreeSet<Long> unique = new TreeSet<>(sequences);
    assertEquals(first, unique.first());
    assertEquals(next - 1, unique.last());
    assertEquals(next - first, unique.size(), "gaps in " + unique);
  }

  @ParameterizedTest
  @EnumSource(SenmlFormat.class)
  void offeredItemsArriveAsSenmlInOrderWithContinuousSequence(SenmlFormat format) throws Exception {
    broker = MosquittoBroker.start(dir);
    platform = TestMqttClient.connect(broker.uri(), "platform", true, PREFIX + "#");
    Set<Reading> expected = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      if (i % 100 == 50) outbox.offer(event(i));
      outbox.offer(reading(i));
      expected.add(resolved(reading(i)));
    }

    startGateway(format, 1000);

    Await.until(WAIT, () -> outbox.size() == 0, () -> "outbox empty, left " + outbox.size());
    Await.until(WAIT, () -> platform.on(PREFIX + "telemetry").size() + platform.on(PREFIX + "events").size()
        == forwarder.nextSequence() - 1000, "every pack received");
    Received received = Received.of(platform.messages(), format);
    assertEquals(expected, received.readings());
    assertEquals(5, received.eventSet().size());
    assertEquals(PREFIX + "status", platform.messages().get(0).topic(), "birth goes first");
    assertEquals(PREFIX + "events", received.topics().get(0), "then stored events");
    assertOrderedPerChannel(received);
    assertEquals(received.sequences().size(), new HashSet<>(received.sequences()).size(), "no duplicates");
    assertNoGaps(received.sequences(), 1000, forwarder.nextSequence());
    assertEquals(505, outbox.acked());
    if (format == SenmlFormat.JSON) {
      Logger.info("example status: {}", platform.on(PREFIX + "status").get(0).text());
      Logger.info("example events: {}", platform.on(PREFIX + "events").get(0).text());
      Logger.info("example telemetry: {}", platform.on(PREFIX + "telemetry").stream()
          .min(Comparator.comparingInt(m -> m.payload().length)).orElseThrow().text());
    }
  }

  @ParameterizedTest
  @EnumSource(SenmlFormat.class)
  void replayKeepsOrderAfterBrokerRestart(SenmlFormat format) throws Exception {
    // The broker keeps the platform's persistent session across its restart, as a production broker would.
    broker = MosquittoBroker.start(dir, "persistence true\npersistence_location " + dir + "/\n");
    platform = TestMqttClient.connect(broker.uri(), "platform", false, PREFIX + "telemetry", PREFIX + "events");
    Set<Reading> expected = new HashSet<>();
    for (int i = 0; i < 3000; i++) {
      outbox.offer(reading(i));
      expected.add(resolved(reading(i)));
    }
    startGateway(format, 0);
    Await.until(WAIT, () -> outbox.acked() >= 300, "draining");

    broker.stop(); // While packs are in flight.
    Await.until(WAIT, () -> uplink.state().phase() != Phase.ONLINE, "uplink notices the outage");
    for (int i = 3000; i < 6000; i++) {
      if (i % 100 == 0) outbox.offer(event(i));
      outbox.offer(reading(i));
      expected.add(resolved(reading(i)));
    }
    long firstAfterOutage = forwarder.nextSequence();
    broker.start();
    platform.reconnect(WAIT);

    Await.until(WAIT, () -> outbox.size() == 0, () -> "outbox empty, left " + outbox.size());
    Await.until(WAIT, () -> decodedReadings(platform, format) == expected.size(), "every reading received");
    Received received = Received.of(platform.messages(), format);
    assertEquals(expected, received.readings());
    assertEquals(30, received.eventSet().size());
    assertEventsBeforeNewTelemetry(received, firstAfterOutage);
    assertOrderedPerChannel(received);
    assertNoGaps(received.sequences(), 0, forwarder.nextSequence());
    // The gateway sends at most one window (8) twice; the broker may also redeliver to the platform's persistent
    // session what it had not seen acked before its restart (Mosquitto's default in-flight limit per client: 20).
    assertTrue(forwarder.stats().packsResent() <= 8, "at most one window sent twice: " + forwarder.stats());
    int duplicates = received.sequences().size() - new HashSet<>(received.sequences()).size();
    assertTrue(duplicates <= 8 + 20, "duplicates at the platform: " + duplicates);
    Logger.info("after the outage: {} duplicates, {}", duplicates, forwarder.stats());
  }

  /** Every events message arrives before the first telemetry message made after the outage began. */
  private static void assertEventsBeforeNewTelemetry(Received received, long firstAfterOutage) {
    int lastEvent = received.topics().lastIndexOf(PREFIX + "events");
    for (int i = 0; i < lastEvent; i++) {
      boolean telemetry = received.topics().get(i).endsWith("telemetry");
      assertTrue(!telemetry || received.sequences().get(i) < firstAfterOutage,
          "telemetry " + received.sequences().get(i) + " at " + i + " before the last event at " + lastEvent);
    }
  }

  private static int decodedReadings(TestMqttClient platform, SenmlFormat format) {
    try {
      return Received.of(platform.messages(), format).readings().size();
    } catch (IOException e) {
      throw new AssertionError("undecodable message", e);
    }
  }
}
