// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.coap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.coap.CoAP;
import org.edgegateway.testing.Await;
import org.edgegateway.uplink.UplinkState.Phase;
import org.edgegateway.uplink.UplinkTopic;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoapUplinkTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final byte[] KEY = "secret-psk-1".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path dir;
  private final List<String> refused = new ArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closing) c.close();
  }

  private CoapUplink uplink(String uri, SenmlFormat format, String key) throws Exception {
    Path id = null;
    Path psk = null;
    if (key != null) {
      id = Files.writeString(dir.resolve("identity"), "gw-test\n");
      psk = Files.writeString(dir.resolve("psk"), key + "\n");
    }
    CoapSettings s = new CoapSettings(URI.create(uri), format, 1024, 4, Duration.ofMillis(200), 1,
        Duration.ofMillis(100), Duration.ofMillis(400), id, psk);
    CoapUplink u = new CoapUplink(s, (topic, cf, payload, reason) -> {
      synchronized (refused) {
        refused.add(topic.suffix() + " " + cf + " " + reason + " " + new String(payload, StandardCharsets.UTF_8));
      }
    }, Clock.systemUTC(), new SplittableRandom(1));
    closing.add(u::stop);
    u.start();
    return u;
  }

  private TestCoapServer plainServer() throws Exception {
    TestCoapServer s = TestCoapServer.plain();
    closing.add(s);
    return s;
  }

  private static void confirmed(CompletableFuture<Void> f) throws Exception {
    f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void telemetryAndEventsArriveAsConfirmablePostsWithTheirContentFormats() throws Exception {
    TestCoapServer server = plainServer();
    CoapUplink u = uplink(server.uri(), SenmlFormat.CBOR, null);
    assertTrue(u.awaitOnline(WAIT), "online: " + u.state());

    confirmed(u.send(UplinkTopic.TELEMETRY, new byte[] {(byte) 0x81, (byte) 0xa0}));
    confirmed(u.send(UplinkTopic.EVENTS, new byte[] {(byte) 0x80}));

    assertEquals(1, server.posts("telemetry").size());
    assertEquals(112, server.posts("telemetry").get(0).contentFormat(), "application/senml+cbor");
    assertEquals(60, server.posts("events").get(0).contentFormat(), "application/cbor");
    assertEquals(2, u.state().acked());
  }

  @Test
  void aPackLargerThanOneDatagramGoesBlockWiseAndArrivesWhole() throws Exception {
    TestCoapServer server = plainServer();
    CoapUplink u = uplink(server.uri(), SenmlFormat.JSON, null);
    assertTrue(u.awaitOnline(WAIT));
    byte[] big = new byte[5000];
    Arrays.fill(big, (byte) 'x');
    big[0] = '[';
    big[4999] = ']';

    confirmed(u.send(UplinkTopic.TELEMETRY, big));

    assertArrayEquals(big, server.posts("telemetry").get(0).payload());
    assertEquals(110, server.posts("telemetry").get(0).contentFormat(), "application/senml+json");
  }

  @Test
  void aClientErrorDeadLettersTheMessageAndCountsItDone() throws Exception {
    TestCoapServer server = plainServer();
    server.answer(CoAP.ResponseCode.BAD_REQUEST, "seq missing");
    CoapUplink u = uplink(server.uri(), SenmlFormat.JSON, null);
    assertTrue(u.awaitOnline(WAIT));

    confirmed(u.send(UplinkTopic.TELEMETRY, "[{}]".getBytes(StandardCharsets.UTF_8)));

    assertEquals(List.of("telemetry 110 4.00 BAD_REQUEST: seq missing [{}]"), refused);
    assertEquals(Phase.ONLINE, u.state().phase(), "a refusal is not a connection problem");
  }

  @Test
  void aServerErrorFailsTheMessageAndTheUplinkRetriesWithBackOff() throws Exception {
    TestCoapServer server = plainServer();
    server.answer(CoAP.ResponseCode.SERVICE_UNAVAILABLE, "");
    CoapUplink u = uplink(server.uri(), SenmlFormat.JSON, null);
    assertTrue(u.awaitOnline(WAIT));

    CompletableFuture<Void> f = u.send(UplinkTopic.TELEMETRY, "[]".getBytes(StandardCharsets.UTF_8));
    ExecutionException e = assertThrows(ExecutionException.class, () -> confirmed(f));

    assertTrue(e.getCause().getMessage().contains("5.03"), e.getCause().getMessage());
    assertTrue(u.state().lastError().contains("5.03 SERVICE_UNAVAILABLE"), u.state().lastError());
    assertTrue(refused.isEmpty());
    server.answer(CoAP.ResponseCode.CHANGED, "");
    assertTrue(u.awaitOnline(WAIT), "probed again after the back-off");
    confirmed(u.send(UplinkTopic.TELEMETRY, "[]".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void noServerShowsAsOfflineWithNoAnswerAndMessagesFailAtOnce() throws Exception {
    TestCoapServer server = plainServer();
    server.stop();
    CoapUplink u = uplink(server.uri(), SenmlFormat.JSON, null);

    Await.until(WAIT, () -> u.state().phase() == Phase.OFFLINE, () -> "offline: " + u.state());

    assertTrue(u.state().lastError().startsWith("no answer from " + server.uri()), u.state().lastError());
    CompletableFuture<Void> f = u.send(UplinkTopic.TELEMETRY, new byte[] {1});
    assertTrue(f.isCompletedExceptionally());
    server.start();
    assertTrue(u.awaitOnline(WAIT), "back once the server answers: " + u.state());
  }

  @Test
  void commandAcknowledgementsAreNotCarried() throws Exception {
    TestCoapServer server = plainServer();
    CoapUplink u = uplink(server.uri(), SenmlFormat.JSON, null);
    assertTrue(u.awaitOnline(WAIT));

    CompletableFuture<Void> f = u.send(UplinkTopic.CMD_ACK, new byte[] {1});

    assertTrue(f.isCompletedExceptionally());
    assertTrue(server.posts().isEmpty());
  }

  @Test
  void dtlsWithTheRightPskDelivers() throws Exception {
    TestCoapServer server = TestCoapServer.dtls("gw-test", KEY);
    closing.add(server);
    CoapUplink u = uplink(server.uri(), SenmlFormat.JSON, "secret-psk-1");
    assertTrue(u.awaitOnline(WAIT), "online: " + u.state());

    confirmed(u.send(UplinkTopic.TELEMETRY, "[{\"n\":\"a\",\"v\":1}]".getBytes(StandardCharsets.UTF_8)));

    assertEquals(1, server.posts("telemetry").size());
    assertNull(u.state().lastError());
  }

  @Test
  void aWrongPskShowsAsAClearErrorInTheState() throws Exception {
    TestCoapServer server = TestCoapServer.dtls("gw-test", KEY);
    closing.add(server);
    CoapUplink u = uplink(server.uri(), SenmlFormat.JSON, "not-the-key");

    Await.until(WAIT, () -> u.state().lastError() != null, () -> "an error: " + u.state());

    assertEquals(Phase.OFFLINE, u.state().phase());
    assertTrue(u.state().lastError().contains("wrong PSK identity or key"), u.state().lastError());
    assertFalse(u.state().lastError().contains("not-the-key"), "the key is never shown");
    assertTrue(server.posts().isEmpty());
  }

  @Test
  void stopThenStartWorks() throws Exception {
    TestCoapServer server = plainServer();
    CoapUplink u = uplink(server.uri(), SenmlFormat.JSON, null);
    assertTrue(u.awaitOnline(WAIT));
    u.stop();
    u.stop();
    assertEquals(Phase.STOPPED, u.state().phase());

    u.start();
    assertTrue(u.awaitOnline(WAIT));
    confirmed(u.send(UplinkTopic.EVENTS, "[]".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, server.posts("events").size());
  }

  @Test
  void stopFailsWhatIsStillOutstanding() throws Exception {
    TestCoapServer server = plainServer();
    CoapUplink u = uplink(server.uri(), SenmlFormat.JSON, null);
    assertTrue(u.awaitOnline(WAIT));
    server.stop();

    CompletableFuture<Void> f = u.send(UplinkTopic.TELEMETRY, "[]".getBytes(StandardCharsets.UTF_8));
    u.stop();

    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IOException, e.getCause().toString());
  }
}
