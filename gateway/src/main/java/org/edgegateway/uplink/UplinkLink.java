// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.data.PlainJson;
import org.tinylog.Logger;

/**
 * One uplink as the gateway runs it, whatever its protocol: the {@link Uplink}, the {@link Forwarder} that replays
 * the outbox's view for this uplink through it, and the {@link SequenceFile} that carries pack numbers across
 * restarts. What differs between protocols is injected: the uplink itself (built by the assembly, with its
 * downlink or its dead-letter sink), and for the uplink that carries commands, the birth message the retained
 * status is built on.
 */
public final class UplinkLink implements AutoCloseable {
  // Plain decimals: a status read by people and platforms never shows 1.796407734299E9.
  private static final ObjectMapper JSON = PlainJson.MAPPER;

  private final String name;
  private final Uplink uplink;
  private final Forwarder forwarder;
  private final SequenceFile sequence;
  private final Birth birth;
  private final Clock clock;

  /**
   * {@code name} names the outbox view (as in the outbox's carriers) and the link in the status; {@code baseName}
   * prefixes channel ids in SenML; {@code birth}, when not null, makes this the link that publishes the retained
   * status (MQTT), null for none.
   */
  public UplinkLink(String name, Uplink uplink, Outbox outbox, String baseName, SequenceFile sequence, Clock clock,
      Birth birth) {
    if (name == null || name.isEmpty()) throw new IllegalArgumentException("uplink name empty");
    this.name = name;
    this.uplink = uplink;
    this.sequence = sequence;
    this.birth = birth;
    this.clock = clock;
    this.forwarder = new Forwarder(outbox.forUplink(name), uplink, baseName, sequence.first(), clock);
  }

  /** Starts connecting (in the background) and forwarding. */
  public void start() throws IOException {
    uplink.start();
    forwarder.start();
  }

  public String name() {
    return name;
  }

  public Uplink uplink() {
    return uplink;
  }

  public UplinkState state() {
    return uplink.state();
  }

  /** True for the link that publishes the retained status and so also answers commands (MQTT). */
  public boolean publishesStatus() {
    return birth != null;
  }

  /** For the status line: {@code mqtt online, 1500 acked} or {@code coap offline (no answer from ...)}. */
  public String describe() {
    UplinkState s = uplink.state();
    StringBuilder sb = new StringBuilder(name).append(' ').append(s.phase().name().toLowerCase(Locale.ROOT));
    if (s.phase() != UplinkState.Phase.ONLINE && s.lastError() != null) {
      sb.append(" (").append(s.lastError()).append(')');
    }
    return sb.append(", ").append(s.acked()).append(" acked").toString();
  }

  /** The uplink's figures for the status: phase, last error, sent and acknowledged messages, last ack time. */
  public Map<String, Object> figures() {
    UplinkState s = uplink.state();
    Map<String, Object> m = new LinkedHashMap<>();
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
   * uplink, loop, zones). Skipped while offline (the next connect publishes the birth message anyway) and on a
   * link that publishes no status.
   */
  public void publishStatus(Map<String, Object> figures) {
    if (birth == null || uplink.state().phase() != UplinkState.Phase.ONLINE) return;
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(birth.onlineJson(clock.millis()));
      root.set("status", JSON.valueToTree(figures));
      uplink.send(UplinkTopic.STATUS, JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      Logger.warn("cannot build the status message: {}", e.getMessage());
    }
  }

  /** Saves the next sequence number (see {@link SequenceFile}); called periodically and at stop. Logs failures. */
  public void saveSequence() {
    try {
      sequence.save(forwarder.nextSequence());
    } catch (IOException e) {
      Logger.warn("cannot save the {} pack sequence number to {}: {}", name, sequence.path(), e.getMessage());
    }
  }

  /** Stops forwarding, saves the sequence number, then stops the uplink (MQTT publishes {@code offline}). */
  @Override
  public void close() {
    forwarder.stop();
    saveSequence();
    uplink.stop();
  }
}
