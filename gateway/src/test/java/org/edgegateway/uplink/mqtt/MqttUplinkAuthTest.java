// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.uplink.UplinkState;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttUplinkAuthTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  static final Duration RECONNECT_MIN = Duration.ofMillis(200);

  @TempDir Path dir;
  MosquittoBroker broker;
  PahoMqttUplink uplink;

  @BeforeEach
  void startBroker() throws Exception {
    Path passwords = dir.resolve("passwords");
    Process p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", passwords.toString(), "gw-ka-0001", "s3cret-pw")
        .redirectErrorStream(true).redirectOutput(dir.resolve("passwd.log").toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, () -> "mosquitto_passwd failed");
    Path brokerDir = Files.createDirectory(dir.resolve("broker"));
    broker = MosquittoBroker.start(brokerDir, "allow_anonymous false\npassword_file " + passwords + "\n");
  }

  @AfterEach
  void stopAll() {
    if (uplink != null) uplink.stop();
    broker.close();
  }

  PahoMqttUplink uplink(Path passwordFile) {
    MqttSettings settings = new MqttSettings(List.of(URI.create(broker.uri())), "gw-auth", "t/gw",
        SenmlFormat.JSON, 1024, 4, null, Duration.ofSeconds(5), RECONNECT_MIN, Duration.ofMillis(400), null, null,
        null, "gw-ka-0001", passwordFile);
    uplink = new PahoMqttUplink(settings, () -> MqttUplinkTest.BIRTH, (n, p) -> { }, Clock.systemUTC(),
        new Random(5));
    return uplink;
  }

  @Test
  void passwordFromFileWithTrailingNewlineIsAccepted() throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "s3cret-pw\n");
    uplink(file).start();

    assertTrue(uplink.awaitOnline(WAIT), () -> uplink.state().toString());
  }

  @Test
  void badPasswordGivesClearErrorAndBacksOff() throws Exception {
    Path file = Files.writeString(dir.resolve("pw"), "wrong\n");
    uplink(file).start();

    Await.until(WAIT, () -> uplink.state().connectAttempts() >= 2, "a second attempt");
    long from = System.nanoTime();
    Await.until(WAIT, () -> uplink.state().connectAttempts() >= 5, "three more attempts");
    long elapsedMillis = (System.nanoTime() - from) / 1_000_000;

    // Three delays of at least the minimum each (the first one began before we looked): no tight loop.
    assertTrue(elapsedMillis >= 2 * RECONNECT_MIN.toMillis(), "attempts too close: " + elapsedMillis + " ms");
    UplinkState state = uplink.state();
    assertTrue(state.lastError().contains("broker refused"), state.lastError());
    assertFalse(state.toString().contains("wrong"), "the password shows in " + state);
    assertFalse(uplink.awaitOnline(Duration.ofMillis(100)));
    uplink.stop();
    Await.until(WAIT, () -> threads("gw-auth") == 0, () -> "threads left after stop: " + threads("gw-auth"));
  }

  /** Live threads whose name contains the client id: Paho's ("MQTT Rec: gw-auth" ...) and ours. */
  static long threads(String clientId) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().contains(clientId)).count();
  }

  @Test
  void missingPasswordFileFailsStartWithItsPath() {
    IOException e = assertThrows(IOException.class, () -> uplink(dir.resolve("nope")).start());

    assertTrue(e.getMessage().contains("password file") && e.getMessage().contains("nope"), e.getMessage());
  }
}
