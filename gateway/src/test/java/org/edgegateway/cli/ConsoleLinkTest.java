// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.status.web.ConsoleCertificate;
import org.edgegateway.testing.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console of a real demo gateway in a real headless Chromium on a phone-sized screen: live values, the
 * history plot, a technician's zone test, what an anonymous visitor may not do, and the login throttle. One
 * browser and one gateway for the class; the throttle test runs last since it locks 127.0.0.1 out.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleLinkTest {
  static final String DEMO_PASSWORD = "demo-console-pw";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  static Path dir;
  static Gateway gateway;
  static HeadlessChromium browser;
  static String url;

  @BeforeAll
  static void startGatewayAndBrowser() throws Exception {
    assumeTrue(HeadlessChromium.available() || System.getenv("CI") != null, "chromium not installed");
    Path config = DemoConfigs.demoIn(dir, DemoConfigs.closedPort(), "1s");
    Files.writeString(config, Files.readString(config).replace("history-every: 10s", "history-every: 1s"));
    gateway = Gateway.start(ConfigLoader.load(config), Clock.systemUTC(), System::nanoTime, Version.buildMillis());
    url = "https://127.0.0.1:" + gateway.console().port() + "/";
    var cert = ConsoleCertificate.peek(null, dir.resolve("state"));
    String spki = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest(cert.getPublicKey().getEncoded()));
    browser = HeadlessChromium.start(spki, 390, 844);
    browser.navigate(url);
    browser.until(WAIT, "document.getElementById('live').textContent === 'live'", "the page streaming live");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) browser.close();
    } finally {
      if (gateway != null) {
        gateway.stop();
        gateway.awaitStop(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  @Order(1)
  void pageFitsAPhoneAndShowsTheDemosLiveValuesWithoutReloading() throws Exception {
    for (String zone : new String[] {"bed-1", "bed-2", "tree-1"}) {
      browser.until(WAIT, "!!document.querySelector('[data-zone=\"" + zone + "\"] [data-field=moisture]')"
          + " && /\\d/.test(document.querySelector('[data-zone=\"" + zone + "\"] [data-field=moisture]').textContent)",
          zone + "'s moisture shown");
      double shown = browser.eval("parseFloat(document.querySelector('[data-zone=\"" + zone
          + "\"] [data-field=moisture]').textContent)").asDouble();
      double actual = gateway.controller().view().stream().filter(z -> z.id().equals(zone)).findFirst()
          .orElseThrow().moisture();
      assertEquals(actual, shown, 1.0, zone + " moisture on the page vs the controller");
    }
    assertTrue(browser.eval("document.querySelectorAll('[data-sensor]').length").asInt() >= 6, "every sensor");
    assertTrue(browser.eval("document.querySelector('[data-channel=\"air.temperature\"]').textContent")
        .asText().contains("°C"), "air temperature with its unit");
    assertTrue(browser.eval("document.documentElement.scrollWidth <= 390").asBoolean(), "no sideways scrolling");
    String ticks = browser.eval("document.querySelector('[data-system=loop]').textContent").asText();
    browser.until(WAIT, "document.querySelector('[data-system=loop]').textContent !== " + quote(ticks),
        "the loop's figures change without a reload");
    assertTrue(browser.eval("document.querySelector('[data-system=buffer]').textContent").asText()
        .contains("readings"), "the buffer's depth");
    assertTrue(browser.eval("document.getElementById('clock-chip').textContent").asText().startsWith("clock ok"));
    assertEquals("[]", browser.errors().toString(), "no script errors");
  }

  @Test
  @Order(2)
  void historyPlotOfEachZoneHasPoints() {
    browser.until(WAIT, "(() => { const p = window.consolePlots['bed-1']; return !!p && p.data[0].length >= 1"
        + " && p.data[1].some(v => v !== null); })()", "bed-1's plot with moisture points");
    browser.until(Duration.ofSeconds(40), "Number(document.querySelector('[data-plot=\"tree-1\"]').dataset.points)"
        + " >= 1 && !!document.querySelector('[data-plot=\"tree-1\"] canvas')", "tree-1's plot drawn");
  }

  @Test
  @Order(3)
  void anonymousVisitorGetsNoActionAndTheServerRefusesOne() throws Exception {
    assertEquals(0, browser.eval("document.querySelectorAll('button.test, button.read').length").asInt(),
        "no action buttons before a login");
    assertTrue(browser.eval("document.getElementById('session').hidden").asBoolean());
    JsonNode r = browser.eval("fetch('/api/zones/tree-1/test', {method: 'POST', headers: {'Content-Type': "
        + "'application/json'}, body: JSON.stringify({seconds: 5})}).then(async r => ({status: r.status, body: "
        + "await r.json()}))");
    assertEquals(401, r.path("status").asInt(), r.toString());
    assertEquals("rejected", r.path("body").path("result").asText());
    assertFalse(valve("valve-tree-1").isOpen(), "the valve stays closed");
  }

  @Test
  @Order(4)
  void loggedInTechnicianTestsAZoneAndThePageShowsTheValveOpenThenClosed() throws Exception {
    login("Ana Tech", DEMO_PASSWORD);
    browser.until(WAIT, "!document.getElementById('session').hidden", "logged in");
    JsonNode cookie = browser.cookies(url).get(0);
    assertTrue(cookie.path("secure").asBoolean() && cookie.path("httpOnly").asBoolean(), cookie.toString());
    assertEquals("Strict", cookie.path("sameSite").asText(), cookie.toString());
    assertTrue(browser.eval("document.cookie").asText().isEmpty(), "the session cookie is not readable by scripts");

    browser.until(WAIT, "!!document.querySelector('[data-zone=\"tree-1\"] button.test')", "tree-1's test button");
    browser.eval("(() => { const c = document.querySelector('[data-zone=\"tree-1\"]');"
        + " c.querySelector('[data-field=seconds]').value = '4'; c.querySelector('button.test').click(); })()");
    browser.until(WAIT, "document.querySelector('[data-zone=\"tree-1\"] [data-field=ack]').textContent"
        + ".startsWith('accepted: 4 s')", "the ack on the page");
    ValveOutput valve = valve("valve-tree-1");
    org.edgegateway.testing.Await.until(WAIT, () -> isOpen(valve), "the simulated valve open");
    browser.until(WAIT, "document.querySelector('[data-zone=\"tree-1\"] [data-field=valve]').textContent === 'OPEN'",
        "the page shows the valve open");
    org.edgegateway.testing.Await.until(WAIT, () -> !isOpen(valve), "the valve closed after its 4 s");
    browser.until(WAIT, "document.querySelector('[data-zone=\"tree-1\"] [data-field=valve]').textContent === "
        + "'closed' && /\\d+ s/.test(document.querySelector('[data-zone=\"tree-1\"] [data-field=last]').textContent)",
        "the page shows it closed and the run as the last one");
    String page = browser.eval("document.documentElement.outerHTML").asText();
    String hash = Files.readString(DemoConfigs.REPO.resolve("config/console-demo.password"), StandardCharsets.US_ASCII);
    String key = Files.readString(dir.resolve("state/console-key.pem"), StandardCharsets.US_ASCII);
    assertFalse(page.contains(DEMO_PASSWORD), "the password in the page");
    assertFalse(page.contains(hash.split("\\$")[3].strip()), "the password's hash in the page");
    assertFalse(page.contains(key.lines().skip(1).findFirst().orElseThrow()), "the TLS key in the page");
  }

  @Test
  @Order(5)
  void technicianReadsASensorAndRunsTheCheckFromThePage() throws Exception {
    browser.until(WAIT, "!!document.querySelector('[data-sensor=\"air\"] button.read')", "air's read button");
    browser.eval("document.querySelector('[data-sensor=\"air\"] button.read').click()");
    browser.until(WAIT, "document.querySelector('[data-sensor=\"air\"] .ack').textContent.includes('air.temperature')",
        "the sensor's fresh reading");
    browser.eval("document.getElementById('check-button').click()");
    browser.until(Duration.ofSeconds(60), "!!document.getElementById('check-table') && document.getElementById("
        + "'check-table').textContent.includes('console')", "the check's items on the page");
  }

  @Test
  @Order(9)
  void wrongPasswordsAreRateLimitedAndThenEvenTheRightOneWaits() throws Exception {
    browser.eval("document.getElementById('logout-button').click()");
    browser.until(WAIT, "!document.getElementById('login').hidden", "logged out");
    for (int i = 1; i <= 5; i++) {
      JsonNode r = loginFetch("Mallory", "guess-number-" + i);
      assertEquals(401, r.path("status").asInt(), "attempt " + i + ": " + r);
    }
    JsonNode limited = loginFetch("Mallory", "guess-number-6");
    assertEquals(429, limited.path("status").asInt(), limited.toString());
    assertTrue(limited.path("body").path("reason").asText().contains("too many"), limited.toString());
    assertEquals(429, loginFetch("Ana Tech", DEMO_PASSWORD).path("status").asInt(), "right password, locked out");
    assertEquals(0, browser.eval("document.querySelectorAll('button.test').length").asInt());
  }

  private static void login(String name, String password) throws IOException {
    browser.eval("(() => { document.getElementById('login-name').value = " + quote(name) + ";"
        + " document.getElementById('login-password').value = " + quote(password) + ";"
        + " document.getElementById('login-button').click(); })()");
  }

  private static JsonNode loginFetch(String name, String password) throws IOException {
    return browser.eval("fetch('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json'}, body:"
        + " JSON.stringify({technician: " + quote(name) + ", password: " + quote(password) + "})})"
        + ".then(async r => ({status: r.status, body: await r.json()}))");
  }

  private static String quote(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static ValveOutput valve(String id) throws IOException {
    return gateway.valveOutputs().get(id);
  }

  private static boolean isOpen(ValveOutput v) {
    try {
      return v.isOpen();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
