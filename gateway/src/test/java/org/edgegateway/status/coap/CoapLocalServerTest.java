// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local server against libcoap's coap-client: discovery, status, observe, and the guarded zone test. */
class CoapLocalServerTest {
  static final String TECH = "technician-1";
  static final String KEY = "tech-secret-42";
  static final long T0 = 1_795_456_800_000L;

  @TempDir
  Path dir;
  private final FakeServedState state = new FakeServedState();
  private LocalCoapServer server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  private LocalCoapServer start(boolean plain) throws Exception {
    Path id = Files.writeString(dir.resolve("tech-identity"), TECH + "\n");
    Path key = Files.writeString(dir.resolve("tech-psk"), KEY + "\n");
    server = new LocalCoapServer(new LocalServerSettings("127.0.0.1", 0, plain, 0, id, key, "gw-test/",
        Duration.ofSeconds(1)), state);
    server.start();
    return server;
  }

  private String plain(String path) {
    return "coap://127.0.0.1:" + server.plainPort() + path;
  }

  private String dtls(String path) {
    return "coaps://127.0.0.1:" + server.dtlsPort() + path;
  }

  @Test
  void discoveryListsStatusReadingsAndZoneTests() throws Exception {
    start(true);

    CoapClientProcess.Result r = CoapClientProcess.run(dir, 20, "-B", "5", plain("/.well-known/core"));

    assertTrue(r.output().contains("</status>"), r.output());
    assertTrue(r.output().contains("</readings/bed-1.moisture>"), r.output());
    assertTrue(r.output().contains("</zones/bed-2/test>"), r.output());
    assertTrue(r.output().contains("obs"), "observable resources are marked: " + r.output());
  }

  @Test
  void statusIsServedAsJson() throws Exception {
    start(true);

    CoapClientProcess.Result r = CoapClientProcess.run(dir, 20, "-B", "5", plain("/status"));

    assertEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("{\"id\":\"gw-test\",\"uplink\":\"none\"}"), r.output());
  }

  @Test
  void anObserverSeesTheReadingChange() throws Exception {
    state.reading("bed-1.moisture", 21.5, T0);
    start(true);
    CoapClientProcess observe = CoapClientProcess.start(dir, "-s", "4", "-B", "6", plain("/readings/bed-1.moisture"));
    Await.until(Duration.ofSeconds(10), () -> server.observers() == 1, "coap-client registered as observer");

    state.reading("bed-1.moisture", 22.75, T0 + 1000);
    CoapClientProcess.Result r = observe.await(20);

    String out = r.output();
    assertTrue(out.contains("\"n\":\"bed-1.moisture\",\"u\":\"%RH\",\"v\":21.5"), out);
    assertTrue(out.contains("\"v\":22.75,\"t\":1795456801.000"), "notified of the change: " + out);
    assertTrue(out.contains("\"bn\":\"gw-test/\""), out);
  }

  @Test
  void theTechniciansPskOverDtlsRunsAZoneTest() throws Exception {
    start(true);

    CoapClientProcess.Result r = CoapClientProcess.run(dir, 30, "-B", "10", "-m", "post", "-e", "25", "-u", TECH,
        "-k", KEY, dtls("/zones/bed-2/test"));

    assertTrue(r.output().contains("\"result\":\"accepted\",\"zone\":\"bed-2\",\"minutes\":0.3333,\"seconds\":20"),
        r.output());
    assertTrue(r.output().contains("\"source\":\"technician\""), r.output());
    assertEquals(List.of("bed-2 20s by " + TECH), state.tests(), "capped by the zone's limits");
  }

  @Test
  void aZoneTestOverPlainCoapIsRefused() throws Exception {
    start(true);

    CoapClientProcess.Result r = CoapClientProcess.run(dir, 20, "-B", "5", "-m", "post", "-e", "5",
        plain("/zones/bed-2/test"));

    assertTrue(r.output().contains("4.01"), r.output());
    assertTrue(state.tests().isEmpty());
  }

  @Test
  void aZoneTestWithAWrongKeyIsRefused() throws Exception {
    start(true);

    CoapClientProcess.Result r = CoapClientProcess.run(dir, 30, "-B", "5", "-m", "post", "-e", "5", "-u", TECH,
        "-k", "guessed-key", dtls("/zones/bed-2/test"));

    assertFalse(r.output().contains("seconds"), r.output());
    assertTrue(state.tests().isEmpty());
    Await.until(Duration.ofSeconds(10), () -> server.failedHandshakes() > 0, "the failed handshake counted");
  }

  @Test
  void tooLongATestIsABadRequest() throws Exception {
    start(true);

    CoapClientProcess.Result r = CoapClientProcess.run(dir, 30, "-B", "10", "-m", "post", "-e", "31", "-u", TECH,
        "-k", KEY, dtls("/zones/bed-2/test"));

    assertTrue(r.output().contains("4.00"), r.output());
    assertTrue(state.tests().isEmpty());
  }

  @Test
  void plainCoapCanBeSwitchedOffLeavingDtls() throws Exception {
    start(false);

    assertEquals(-1, server.plainPort());
    CoapClientProcess.Result r = CoapClientProcess.run(dir, 30, "-B", "10", "-u", TECH, "-k", KEY, dtls("/status"));
    assertTrue(r.output().contains("\"id\":\"gw-test\""), r.output());
  }

  @Test
  void aPortInUseFailsTheStartWithTheAddress() throws Exception {
    start(true);
    LocalCoapServer second = new LocalCoapServer(new LocalServerSettings("127.0.0.1", server.plainPort(), true, 0,
        null, null, "gw-test/", Duration.ofSeconds(1)), state);

    IOException e = assertThrows(IOException.class, second::start);

    assertTrue(e.getMessage().contains("127.0.0.1 ports " + server.plainPort()), e.getMessage());
    second.close();
  }
}
