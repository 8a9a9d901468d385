// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.edgegateway.testing.Await;
import org.edgegateway.testing.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT password never shows: not in anything {@code edge-gateway run} prints or logs (at debug level), with the
 * right password and with a wrong one the broker refuses, not in the status a {@code status} command returns, not
 * in {@code check}'s output.
 */
@Timeout(180)
class SecuritySecretsTest {
  static final String SECRET = "gw-pw-4c1e8b72d9";
  static final String WRONG = "wrong-pw-93ab01f6e5";
  static final String PLATFORM_PW = "platform-pw";

  @TempDir
  Path dir;

  @Test
  void thePasswordAppearsInNoOutputLogStatusOrCheck() throws Exception {
    Path passwd = dir.resolve("passwd");
    passwd("-c", passwd, ReliabilitySite.ID, SECRET);
    passwd("", passwd, "platform", PLATFORM_PW);
    try (MosquittoBroker broker = MosquittoBroker.start(Files.createDirectories(dir.resolve("broker")),
        "allow_anonymous false\npassword_file " + passwd + "\n")) {
      List<String> platform = new CopyOnWriteArrayList<>();
      MqttClient client = platform(broker.uri(), platform);
      try {
        Path config = site("right", SECRET, broker.uri());
        String out;
        try (MainProcess gw = MainProcess.start(dir, "run-right", "run", "--config", config.toString())) {
          Await.until(Duration.ofSeconds(30), () -> platform.stream().anyMatch(m -> m.contains("\"online\"")),
              "the gateway's birth message");
          String cmd = "{\"id\":\"sec-1\",\"expires\":\"" + Instant.now().plusSeconds(600) + "\"}";
          client.publish(ReliabilitySite.PREFIX + "cmd/status", cmd.getBytes(StandardCharsets.UTF_8), 1, false);
          Await.until(Duration.ofSeconds(20), () -> platform.stream().anyMatch(m -> m.contains("\"sec-1\"")
              && m.contains("\"status\"")), "the status in the command's ack");
          gw.stop();
          out = gw.output();
        }
        assertTrue(out.contains("online"), out);
        assertNoSecret(out, SECRET, "run output and log");
        assertNoSecret(String.join("\n", platform), SECRET, "what the platform received (status included)");

        Path wrong = site("wrong", WRONG, broker.uri());
        try (MainProcess gw = MainProcess.start(dir, "run-wrong", "run", "--config", wrong.toString())) {
          Await.until(Duration.ofSeconds(30), () -> read(gw).contains("refused"), () -> "refusal logged: " + read(gw));
          gw.stop();
          assertNoSecret(gw.output(), WRONG, "run output with a refused password");
        }
        try (MainProcess check = MainProcess.start(dir, "check", "check", "--config", config.toString())) {
          check.await(60);
          assertNoSecret(check.output(), SECRET, "check output");
        }
      } finally {
        client.disconnectForcibly(100, 100);
        client.close();
      }
    }
  }

  private Path site(String name, String password, String uri) throws Exception {
    Path sub = Files.createDirectories(dir.resolve(name));
    Path pw = Files.writeString(sub.resolve("mqtt.pw"), password + "\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    Path config = ReliabilitySite.write(sub, uri, "    username: " + ReliabilitySite.ID + "\n    password-file: " + pw
        + "\n");
    String text = Files.readString(config).replace("logging: {level: info", "logging: {level: debug");
    Files.writeString(config, text);
    return config;
  }

  private static MqttClient platform(String uri, List<String> messages) throws Exception {
    MqttClient c = new MqttClient(uri, "platform", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName("platform");
    o.setPassword(PLATFORM_PW.toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    c.connect(o);
    c.subscribe(ReliabilitySite.PREFIX + "#", 1, (topic, m) -> messages.add(topic + " "
        + new String(m.getPayload(), StandardCharsets.UTF_8)));
    return c;
  }

  private void passwd(String create, Path file, String user, String password) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("mosquitto_passwd"));
    if (!create.isEmpty()) command.add(create);
    command.addAll(List.of("-b", file.toString(), user, password));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("passwd.log").toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mosquitto_passwd failed");
  }

  private static void assertNoSecret(String text, String secret, String where) {
    assertFalse(text.isEmpty(), where + " is empty");
    assertFalse(text.contains(secret), where + " shows the password");
  }

  private static String read(MainProcess p) {
    try {
      return p.output();
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
