// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.edgegateway.control.Controller;
import org.tinylog.Logger;

/**
 * Handles downlink commands on the uplink's downlink thread: parses and validates them, rejects replayed ids,
 * queues accepted ones for the control loop (which applies them at its next tick, within the safety limits), and
 * answers every command with an acknowledgement ({@code accepted} or {@code rejected} with the reason).
 */
public final class CommandHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REMEMBERED_IDS = 10_000;

  private final CommandParser parser;
  private final Controller controller;
  private final Clock clock;
  private final BooleanSupplier clockPlausible;
  private final Consumer<byte[]> acks;
  private final Supplier<Map<String, Object>> status;
  private final LinkedHashSet<String> seen = new LinkedHashSet<>();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  public CommandHandler(CommandParser parser, Controller controller, Clock clock, BooleanSupplier clockPlausible,
      Consumer<byte[]> acks, Supplier<Map<String, Object>> status) {
    this.parser = parser;
    this.controller = controller;
    this.clock = clock;
    this.clockPlausible = clockPlausible;
    this.acks = acks;
    this.status = status;
  }

  /** Handles one message from {@code cmd/<name>}; never throws. */
  public synchronized void handle(String name, byte[] payload) {
    ObjectNode ack = JSON.createObjectNode();
    ack.put("command", name);
    ack.put("t", BigDecimal.valueOf(clock.millis(), 3));
    try {
      if (!clockPlausible.getAsBoolean()) throw new Rejected(null, "gateway clock not synchronised; retry later");
      CommandParser.Parsed p = parser.parse(name, payload, clock.millis());
      ack.put("id", p.id());
      if (!seen.add(p.id())) throw new Rejected(p.id(), "replayed id");
      if (seen.size() > REMEMBERED_IDS) seen.remove(seen.iterator().next());
      apply(p.command(), ack);
      ack.put("result", "accepted");
      count("accepted");
      Logger.info("command {} {} accepted", name, p.id());
    } catch (Rejected r) {
      if (r.id() != null) ack.put("id", r.id());
      else if (!ack.has("id")) ack.putNull("id");
      ack.put("result", "rejected");
      ack.put("reason", r.getMessage());
      long n = count("rejected");
      if (n <= 10 || Long.bitCount(n) == 1) Logger.warn("command {} rejected: {} ({} rejected so far)", name,
          r.getMessage(), n);
    } catch (RuntimeException e) {
      ack.put("result", "rejected");
      ack.put("reason", "internal error");
      count("rejected");
      Logger.error(e, "command {} failed", name);
    }
    send(ack);
  }

  private void apply(Command c, ObjectNode ack) {
    if (c instanceof Command.OpenZone o) {
      controller.submit(ctl -> ctl.zone(o.zone()).override(true, ctl.nowNanos() + o.run().toNanos()));
      ack.put("minutes", o.run().toMillis() / 60_000.0);
      if (o.capped()) ack.put("note", "capped by the zone's limits");
    } else if (c instanceof Command.CloseZone z) {
      controller.submit(ctl -> ctl.zone(z.zone()).override(false, ctl.nowNanos() + z.hold().toNanos()));
    } else if (c instanceof Command.HoldZone h) {
      long holdNanos = (h.untilMillis() - clock.millis()) * 1_000_000L;
      controller.submit(ctl -> ctl.zone(h.zone()).override(false, ctl.nowNanos() + holdNanos));
    } else if (c instanceof Command.SetThresholds t) {
      controller.submit(ctl -> ctl.setThresholds(t.zone(), t.start(), t.stop()));
    } else {
      ack.set("status", JSON.valueToTree(status.get()));
    }
  }

  private long count(String what) {
    return counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
  }

  /** Accepted and rejected commands so far. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new java.util.TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private void send(ObjectNode ack) {
    try {
      acks.accept(JSON.writeValueAsBytes(ack));
    } catch (Exception e) {
      Logger.warn("cannot send command ack: {}", e.toString());
    }
  }
}
