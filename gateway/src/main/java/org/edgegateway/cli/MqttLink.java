// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Locale;
import java.util.SplittableRandom;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.status.SelfTelemetry;
import org.edgegateway.uplink.Birth;
import org.edgegateway.uplink.CommandListener;
import org.edgegateway.uplink.Forwarder;
import org.edgegateway.uplink.Uplink;
import org.edgegateway.uplink.UplinkState;
import org.edgegateway.uplink.mqtt.MqttSettings;
import org.edgegateway.uplink.mqtt.PahoMqttUplink;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.tinylog.Logger;

/**
 * The MQTT uplink as the gateway runs it: the Paho uplink, the forwarder that replays the outbox through it, and the
 * pack sequence number kept in the state directory, so that numbers go on across restarts. After a crash the
 * number resumes {@link #SEQUENCE_MARGIN} above the last one saved: a gap the platform sees, never a reuse.
 */
final class MqttLink implements AutoCloseable {
  static final long SEQUENCE_MARGIN = 100_000;

  private final PahoMqttUplink uplink;
  private final Forwarder forwarder;
  private final Path sequenceFile;
  private final Birth birth;
  private final Clock clock;
  private long savedSequence = -1;

  MqttLink(GatewayConfig config, Outbox outbox, Clock clock, CommandListener commands) throws IOException {
    MqttSettings settings = settings(config.mqtt().orElseThrow());
    GatewayConfig.Identity id = config.gateway();
    java.util.List<Birth.Channel> channels = new java.util.ArrayList<>();
    config.channels().forEach(c -> channels.add(new Birth.Channel(c.id(), c.unit())));
    SelfTelemetry.CHANNELS.forEach(c -> channels.add(new Birth.Channel(c[0], c[1])));
    birth = new Birth(id.id(), id.site(), id.latitude(), id.longitude(), Version.version(), channels);
    this.clock = clock;
    uplink = new PahoMqttUplink(settings, () -> birth, commands, clock, new SplittableRandom());
    sequenceFile = id.stateDir().resolve("sequence");
    forwarder = new Forwarder(outbox, uplink, id.id() + "/", firstSequence(), clock);
  }

  /** The uplink's settings from the config's {@code uplinks.mqtt} section. */
  static MqttSettings settings(GatewayConfig.Mqtt m) {
    return new MqttSettings(m.uris(), m.clientId(), m.topicPrefix(),
        SenmlFormat.valueOf(m.format().toUpperCase(Locale.ROOT)), m.packMaxBytes(), m.inflight(), m.keepAlive(),
        m.connectTimeout(), m.reconnectMin(), m.reconnectMax(), m.caFile(), m.clientCertFile(), m.clientKeyFile(),
        m.username(), m.passwordFile());
  }

  /** Starts connecting (in the background) and forwarding. */
  void start() throws IOException {
    uplink.start();
    forwarder.start();
  }

  Uplink uplink() {
    return uplink;
  }

  /** For the status line: {@code mqtt online, 1500 acked} or {@code mqtt offline (connection refused)}. */
  String describe() {
    UplinkState s = uplink.state();
    StringBuilder sb = new StringBuilder("mqtt ").append(s.phase().name().toLowerCase(Locale.ROOT));
    if (s.phase() != UplinkState.Phase.ONLINE && s.lastError() != null) sb.append(" (").append(s.lastError())
        .append(')');
    return sb.append(", ").append(s.acked()).append(" acked").toString();
  }

  /** The uplink's figures for the status: phase, last error, sent and acknowledged messages, last ack time. */
  java.util.Map<String, Object> figures() {
    UplinkState s = uplink.state();
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("phase", s.phase().name().toLowerCase(Locale.ROOT));
    m.put("broker", s.broker());
    m.put("lastError", s.lastError());
    m.put("sent", s.sent());
    m.put("acked", s.acked());
    m.put("lastAckMillis", s.lastAckMillis());
    m.put("nextSequence", forwarder.nextSequence());
    return m;
  }

  /**
   * Publishes the retained status: the birth message's description of the gateway plus {@code figures} (buffer,
   * uplink, loop, zones). Skipped while offline; the next connect publishes the birth message anyway.
   */
  void publishStatus(java.util.Map<String, Object> figures) {
    if (uplink.state().phase() != UplinkState.Phase.ONLINE) return;
    try {
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.node.ObjectNode root =
          (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(birth.onlineJson(clock.millis()));
      root.set("status", json.valueToTree(figures));
      uplink.send(org.edgegateway.uplink.UplinkTopic.STATUS, json.writeValueAsBytes(root));
    } catch (IOException e) {
      Logger.warn("cannot build the status message: {}", e.getMessage());
    }
  }

  /** Saves the next sequence number (atomic rename); called periodically and at stop. */
  synchronized void saveSequence() {
    long next = forwarder.nextSequence();
    if (next == savedSequence) return;
    try {
      Path tmp = sequenceFile.resolveSibling("sequence.tmp");
      Files.writeString(tmp, next + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, sequenceFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      savedSequence = next;
    } catch (IOException e) {
      Logger.warn("cannot save the pack sequence number: {}", e.getMessage());
    }
  }

  private long firstSequence() {
    try {
      if (!Files.exists(sequenceFile)) return 0;
      return Long.parseLong(Files.readString(sequenceFile, StandardCharsets.US_ASCII).trim()) + SEQUENCE_MARGIN;
    } catch (IOException | NumberFormatException e) {
      Logger.warn("cannot read {} ({}); sequence numbers restart at 0", sequenceFile, e.getMessage());
      return 0;
    }
  }

  /** Stops forwarding, saves the sequence number, then stops the uplink (publishing {@code offline}). */
  @Override
  public void close() {
    forwarder.stop();
    saveSequence();
    uplink.stop();
  }
}
