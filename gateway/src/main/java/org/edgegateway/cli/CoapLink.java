// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.edgegateway.buffer.Carriers;
import org.edgegateway.buffer.DeadLetter;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.command.Ack;
import org.edgegateway.command.Command;
import org.edgegateway.command.CommandService;
import org.edgegateway.command.Origin;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.control.Controller;
import org.edgegateway.data.Event;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Reading;
import org.edgegateway.data.Severity;
import org.edgegateway.status.coap.LocalCoapServer;
import org.edgegateway.status.coap.LocalServerSettings;
import org.edgegateway.status.coap.ServedState;
import org.edgegateway.uplink.Forwarder;
import org.edgegateway.uplink.UplinkState;
import org.edgegateway.uplink.UplinkTopic;
import org.edgegateway.uplink.coap.CoapSettings;
import org.edgegateway.uplink.coap.CoapUplink;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.tinylog.Logger;

/**
 * The CoAP side of the gateway: the CoAP uplink with its own forwarder over the outbox's {@code coap} view and its
 * own pack sequence number (kept in {@code state-dir/sequence-coap}, resumed {@link #SEQUENCE_MARGIN} higher after
 * a crash), refused messages into the dead-letter table with an {@code uplink.dead-letter} event (at most one a
 * minute, counting the rest), and the local CoAP server's view of the gateway.
 */
final class CoapLink implements AutoCloseable {
  static final String NAME = "coap";
  static final long SEQUENCE_MARGIN = 100_000;
  private static final Duration EVENT_EVERY = Duration.ofMinutes(1);

  private final CoapUplink uplink;
  private final Forwarder forwarder;
  private final Outbox outbox;
  private final Clock clock;
  private final Consumer<Event> events;
  private final Path sequenceFile;
  private long savedSequence = -1;
  private long lastEventMillis = Long.MIN_VALUE;
  private long unreported;

  CoapLink(GatewayConfig config, Outbox outbox, Clock clock, Consumer<Event> events) {
    GatewayConfig.Coap c = config.coap().orElseThrow();
    CoapSettings settings = new CoapSettings(c.uri(), SenmlFormat.valueOf(c.format().toUpperCase(Locale.ROOT)),
        c.packMaxBytes(), c.inflight(), c.ackTimeout(), c.maxRetransmit(), c.reconnectMin(), c.reconnectMax(),
        c.pskIdentityFile(), c.pskFile());
    this.outbox = outbox;
    this.clock = clock;
    this.events = events;
    this.uplink = new CoapUplink(settings, this::refused, clock, new SplittableRandom());
    this.sequenceFile = config.gateway().stateDir().resolve("sequence-coap");
    this.forwarder = new Forwarder(outbox.forUplink(NAME), uplink, config.gateway().id() + "/", firstSequence(),
        clock);
  }

  /** Which uplink carries what, for the outbox; null when there is no uplink. */
  static Carriers carriers(GatewayConfig config) {
    Map<String, Set<Priority>> map = new LinkedHashMap<>();
    config.mqtt().ifPresent(m -> map.put("mqtt", priorities(m.carry())));
    config.coap().ifPresent(c -> map.put(NAME, priorities(c.carry())));
    return map.isEmpty() ? null : new Carriers(map);
  }

  private static Set<Priority> priorities(List<String> carry) {
    Set<Priority> set = EnumSet.noneOf(Priority.class);
    if (carry.contains("telemetry")) set.add(Priority.TELEMETRY);
    if (carry.contains("events")) set.add(Priority.EVENT);
    return set;
  }

  void start() throws IOException {
    uplink.start();
    forwarder.start();
  }

  /** For the status line: {@code coap online, 1500 acked} or {@code coap offline (no answer from ...)}. */
  String describe() {
    UplinkState s = uplink.state();
    StringBuilder sb = new StringBuilder("coap ").append(s.phase().name().toLowerCase(Locale.ROOT));
    if (s.phase() != UplinkState.Phase.ONLINE && s.lastError() != null) {
      sb.append(" (").append(s.lastError()).append(')');
    }
    return sb.append(", ").append(s.acked()).append(" acked").toString();
  }

  UplinkState state() {
    return uplink.state();
  }

  /** Durable first: the dead letter is committed before the uplink reports the message done. */
  private void refused(UplinkTopic topic, int contentFormat, byte[] payload, String reason) throws IOException {
    outbox.deadLetter(new DeadLetter(NAME, topic.suffix(), clock.millis(), reason, contentFormat, payload));
    Event event = null;
    synchronized (this) {
      unreported++;
      long now = clock.millis();
      if (lastEventMillis == Long.MIN_VALUE || now - lastEventMillis >= EVENT_EVERY.toMillis()) {
        event = new Event(now, "uplink.dead-letter", NAME, Severity.WARNING, "platform refused " + unreported
            + " message(s) for good, latest " + topic.suffix() + " (" + payload.length + " bytes): " + reason,
            unreported);
        lastEventMillis = now;
        unreported = 0;
      }
    }
    if (event != null) events.accept(event);
  }

  /** Saves the next sequence number (atomic rename); called periodically and at stop. */
  synchronized void saveSequence() {
    long next = forwarder.nextSequence();
    if (next == savedSequence) return;
    try {
      Path tmp = sequenceFile.resolveSibling("sequence-coap.tmp");
      Files.writeString(tmp, next + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, sequenceFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      savedSequence = next;
    } catch (IOException e) {
      Logger.warn("cannot save the CoAP pack sequence number: {}", e.getMessage());
    }
  }

  private long firstSequence() {
    try {
      if (!Files.exists(sequenceFile)) return 0;
      return Long.parseLong(Files.readString(sequenceFile, StandardCharsets.US_ASCII).trim()) + SEQUENCE_MARGIN;
    } catch (IOException | NumberFormatException e) {
      Logger.warn("cannot read {} ({}); CoAP sequence numbers restart at 0", sequenceFile, e.getMessage());
      return 0;
    }
  }

  /** Stops forwarding, saves the sequence number, then stops the uplink. */
  @Override
  public void close() {
    forwarder.stop();
    saveSequence();
    uplink.stop();
  }

  /** The local CoAP server over the gateway's status, zones, latest readings and control loop. */
  static LocalCoapServer localServer(GatewayConfig config, Supplier<Map<String, Object>> status,
      Controller controller, CommandService commands, Function<String, Reading> latest) {
    GatewayConfig.LocalServer l = config.localServer().orElseThrow();
    Duration every = config.loop().statusEvery().isZero() ? Duration.ofSeconds(5) : config.loop().statusEvery();
    LocalServerSettings settings = new LocalServerSettings(l.address(), l.port(), l.plain(), l.dtlsPort(),
        l.pskIdentityFile(), l.pskFile(), config.gateway().id() + "/", every);
    return new LocalCoapServer(settings, new Served(config, status, controller, commands, latest));
  }

  /** What the local server shows, read from the running gateway. */
  private record Served(GatewayConfig config, Supplier<Map<String, Object>> statusSupplier, Controller controller,
      CommandService commands, Function<String, Reading> latestReading) implements ServedState {
    @Override
    public Map<String, Object> status() {
      return statusSupplier.get();
    }

    @Override
    public List<Map<String, Object>> zones() {
      return controller.view().stream().map(z -> {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", z.id());
        m.put("phase", z.phase().name().toLowerCase(Locale.ROOT));
        m.put("valve", z.valveOpen() ? "open" : "closed");
        m.put("moisture", Double.isFinite(z.moisture()) ? z.moisture() : null);
        m.put("unit", z.unit());
        m.put("reason", z.reason());
        m.put("todayOpenSeconds", z.todayOpenMillis() / 1000);
        return m;
      }).toList();
    }

    @Override
    public List<String> channels() {
      return config.channels().stream().map(GatewayConfig.Channel::id).toList();
    }

    @Override
    public Reading latest(String channel) {
      return latestReading.apply(channel);
    }

    /** Through the one command path, as the technician's command; the control loop grants what the limits allow. */
    @Override
    public CompletableFuture<Ack> testZone(String zone, Duration want, String technician) {
      return commands.submit(Origin.technician("coap", technician), new Command.OpenZone(zone, want));
    }
  }
}
