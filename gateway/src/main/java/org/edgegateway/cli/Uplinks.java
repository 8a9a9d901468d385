// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.edgegateway.buffer.Carriers;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Event;
import org.edgegateway.data.Priority;
import org.edgegateway.status.SelfTelemetry;
import org.edgegateway.uplink.Birth;
import org.edgegateway.uplink.CommandListener;
import org.edgegateway.uplink.DeadLetterSink;
import org.edgegateway.uplink.SequenceFile;
import org.edgegateway.uplink.UplinkLink;
import org.edgegateway.uplink.coap.CoapSettings;
import org.edgegateway.uplink.coap.CoapUplink;
import org.edgegateway.uplink.mqtt.MqttSettings;
import org.edgegateway.uplink.mqtt.PahoMqttUplink;
import org.edgegateway.uplink.senml.SenmlFormat;

/**
 * The uplinks the config asks for, in order (MQTT, then CoAP), and how each is built from its config section: the
 * one place in the assembly that knows the kinds of uplink. A new kind is one entry in {@link #planned} and its
 * build method here, beside its adapter in {@code uplink.<kind>} and its config record and reader.
 */
final class Uplinks {
  private Uplinks() {}

  /** What an uplink may need from the running gateway when it is built. */
  record Wiring(GatewayConfig config, Outbox outbox, Clock clock, CommandListener commands, Consumer<Event> events) {}

  /** Builds one link once the outbox and the command handler exist. */
  @FunctionalInterface
  interface Build {
    UplinkLink build(Wiring wiring) throws IOException;
  }

  /** One configured uplink: its name (outbox view, status), the priorities it carries, and how to build it. */
  record Planned(String name, Set<Priority> carries, Build build) {}

  /** The configured uplinks, in the order they start and appear in the status. */
  static List<Planned> planned(GatewayConfig config) {
    List<Planned> list = new ArrayList<>();
    config.mqtt().ifPresent(m -> list.add(new Planned("mqtt", priorities(m.carry()), w -> mqtt(m, w))));
    config.coap().ifPresent(c -> list.add(new Planned("coap", priorities(c.carry()), w -> coap(c, w))));
    return List.copyOf(list);
  }

  /** Which uplink carries what, for the outbox; null when there is no uplink. */
  static Carriers carriers(GatewayConfig config) {
    Map<String, Set<Priority>> map = new LinkedHashMap<>();
    planned(config).forEach(p -> map.put(p.name(), p.carries()));
    return map.isEmpty() ? null : new Carriers(map);
  }

  private static Set<Priority> priorities(List<String> carry) {
    Set<Priority> set = EnumSet.noneOf(Priority.class);
    if (carry.contains("telemetry")) set.add(Priority.TELEMETRY);
    if (carry.contains("events")) set.add(Priority.EVENT);
    return set;
  }

  /** The MQTT uplink's settings from the config's {@code uplinks.mqtt} section. */
  static MqttSettings mqttSettings(GatewayConfig.Mqtt m) {
    return new MqttSettings(m.uris(), m.clientId(), m.topicPrefix(),
        SenmlFormat.valueOf(m.format().toUpperCase(Locale.ROOT)), m.packMaxBytes(), m.inflight(), m.keepAlive(),
        m.connectTimeout(), m.reconnectMin(), m.reconnectMax(), m.caFile(), m.clientCertFile(), m.clientKeyFile(),
        m.username(), m.passwordFile());
  }

  /** The CoAP uplink's settings from the config's {@code uplinks.coap} section. */
  static CoapSettings coapSettings(GatewayConfig.Coap c) {
    return new CoapSettings(c.uri(), SenmlFormat.valueOf(c.format().toUpperCase(Locale.ROOT)), c.packMaxBytes(),
        c.inflight(), c.ackTimeout(), c.maxRetransmit(), c.reconnectMin(), c.reconnectMax(), c.pskIdentityFile(),
        c.pskFile());
  }

  /** MQTT: commands come down it; acks and the retained status (on the birth message) go up. */
  private static UplinkLink mqtt(GatewayConfig.Mqtt m, Wiring w) {
    Birth birth = birth(w.config());
    PahoMqttUplink uplink = new PahoMqttUplink(mqttSettings(m), () -> birth, w.commands(), w.clock(),
        new SplittableRandom());
    return new UplinkLink("mqtt", uplink, w.outbox(), baseName(w.config()), sequence(w.config(), "sequence"),
        w.clock(), birth);
  }

  /** CoAP: messages the platform refuses for good go to the dead-letter table. */
  private static UplinkLink coap(GatewayConfig.Coap c, Wiring w) {
    CoapSettings settings = coapSettings(c);
    DeadLetterSink dead = new DeadLetterSink("coap", w.outbox(), w.clock(), w.events());
    CoapUplink uplink = new CoapUplink(settings, dead::refused, w.clock(), new SplittableRandom());
    return new UplinkLink("coap", uplink, w.outbox(), baseName(w.config()), sequence(w.config(), "sequence-coap"),
        w.clock(), null);
  }

  private static Birth birth(GatewayConfig config) {
    GatewayConfig.Identity id = config.gateway();
    List<Birth.Channel> channels = new ArrayList<>();
    config.channels().forEach(c -> channels.add(new Birth.Channel(c.id(), c.unit())));
    SelfTelemetry.CHANNELS.forEach(c -> channels.add(new Birth.Channel(c[0], c[1])));
    return new Birth(id.id(), id.site(), id.latitude(), id.longitude(), Version.version(), channels);
  }

  private static String baseName(GatewayConfig config) {
    return config.gateway().id() + "/";
  }

  /** In the state directory; the files keep the names they had: {@code sequence} (MQTT), {@code sequence-coap}. */
  private static SequenceFile sequence(GatewayConfig config, String fileName) {
    return new SequenceFile(config.gateway().stateDir().resolve(fileName));
  }
}
