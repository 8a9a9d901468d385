// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.edgegateway.data.Event;
import org.edgegateway.data.PlainJson;
import org.edgegateway.data.Severity;
import org.tinylog.Logger;

/**
 * The one command path, for every source: the platform over MQTT, a technician over CoAP or the web console.
 * Parses and validates, rejects replayed platform ids, hands the command to the control loop (which decides and
 * enforces it within the safety limits) and answers with the loop's ack. Counts every result per source and
 * records an event naming the source for each command; rejections are logged and recorded at most ten times and
 * then at powers of two per source, so a flood of bad commands floods neither the journal nor the buffer.
 *
 * <p>Its own thread ({@code commands}) finishes acks and times out commands the loop did not take within
 * {@link #LOOP_TIMEOUT}; such a command is answered {@code rejected} and never applied later.
 */
public final class CommandService implements AutoCloseable {
  /** How long a command may wait for the control loop (a tick is 100 ms by default). */
  public static final Duration LOOP_TIMEOUT = Duration.ofSeconds(2);
  /** How long a local (technician) command stays valid. */
  static final Duration LOCAL_EXPIRY = Duration.ofMinutes(1);
  private static final int REMEMBERED_IDS = 10_000;

  private final CommandParser parser;
  private final Consumer<Pending> loop;
  private final Clock clock;
  private final BooleanSupplier clockPlausible;
  private final Consumer<Event> events;
  private final Supplier<Map<String, Object>> status;
  private final LinkedHashSet<String> seen = new LinkedHashSet<>();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final AtomicLong localIds = new AtomicLong();
  private final ScheduledExecutorService executor;
  private volatile Consumer<byte[]> mqttAcks = ack -> { };

  /**
   * @param loop hands a request to the control loop (non-blocking)
   * @param events where each command's event goes (non-blocking)
   * @param status the gateway's status, for the {@code status} command
   */
  public CommandService(CommandParser parser, Consumer<Pending> loop, Clock clock, BooleanSupplier clockPlausible,
      Consumer<Event> events, Supplier<Map<String, Object>> status) {
    this.parser = parser;
    this.loop = loop;
    this.clock = clock;
    this.clockPlausible = clockPlausible;
    this.events = events;
    this.status = status;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "commands");
      t.setDaemon(true);
      return t;
    });
  }

  /** Where the acks of MQTT commands go ({@code cmd-ack}); set once the uplink exists. */
  public void mqttAcks(Consumer<byte[]> acks) {
    this.mqttAcks = acks;
  }

  /** A platform command from MQTT {@code cmd/<name>}: returns at once; the ack goes to {@link #mqttAcks}. */
  public void handle(String name, byte[] payload) {
    submit(Origin.platform("mqtt"), name, payload).thenAcceptAsync(ack -> send(json(ack)), executor);
  }

  /**
   * A command as JSON from any source (the platform's format, see docs/PROTOCOL.md). The answer completes on the
   * {@code commands} thread once the control loop decided, or at once if the command is rejected before.
   */
  public CompletableFuture<Ack> submit(Origin origin, String name, byte[] payload) {
    long now = clock.millis();
    try {
      if (!clockPlausible.getAsBoolean()) throw new Rejected(null, "gateway clock not synchronised; retry later");
      CommandParser.Parsed p = parser.parse(name, payload, now);
      if (origin.source() == Origin.Source.PLATFORM && !remember(p.id())) throw new Rejected(p.id(), "replayed id");
      return toLoop(new Request(p.id(), origin, p.expiresMillis(), p.command()), name);
    } catch (Rejected r) {
      return finished(Ack.rejected(r.id(), name, origin, null, r.getMessage(), now));
    } catch (RuntimeException e) {
      Logger.error(e, "command {} from {} failed", name, origin.describe());
      return finished(Ack.rejected(null, name, origin, null, "internal error", now));
    }
  }

  /**
   * A command built by a local source (a technician's zone test): gets an id of the form {@code <via>-<n>} and
   * expires after a minute; otherwise the same path as the platform's commands.
   */
  public CompletableFuture<Ack> submit(Origin origin, Command command) {
    long now = clock.millis();
    String id = origin.via() + "-" + localIds.incrementAndGet();
    if (!clockPlausible.getAsBoolean()) {
      return finished(Ack.rejected(id, command.kind().wireName(), origin, command.zone(),
          "gateway clock not synchronised; retry later", now));
    }
    return toLoop(new Request(id, origin, now + LOCAL_EXPIRY.toMillis(), command), command.kind().wireName());
  }

  private CompletableFuture<Ack> toLoop(Request r, String name) {
    Pending p = new Pending(r);
    loop.accept(p);
    executor.schedule(() -> p.abandon(Ack.rejected(r.id(), name, r.origin(), r.command().zone(),
        "the control loop did not take the command within " + LOOP_TIMEOUT.toSeconds() + " s; nothing was changed",
        clock.millis())), LOOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    // Async: the loop completes the answer, and nothing of ours may run on the loop thread.
    return p.answer().thenApplyAsync(this::finish, executor);
  }

  private CompletableFuture<Ack> finished(Ack ack) {
    return CompletableFuture.supplyAsync(() -> finish(ack), executor);
  }

  /** Counts, logs and records the ack; adds the status for {@code status}. On the {@code commands} thread. */
  private Ack finish(Ack ack) {
    Ack a = ack.kind() == Command.Kind.STATUS && ack.applied() ? ack.withStatus(status.get()) : ack;
    String source = a.origin().source().wireName();
    long n = count(source + "." + a.result().wireName());
    String what = a.name() + " by " + a.origin().describe() + " (id " + a.id() + ")";
    String outcome = outcome(a);
    if (a.result() != Ack.Result.REJECTED) {
      Logger.info("command {}: {}", what, outcome);
      event(a, Severity.INFO, what + ": " + outcome);
    } else if (n <= 10 || Long.bitCount(n) == 1) {
      Logger.warn("command {}: {} ({} rejected from the {} so far)", what, outcome, n, source);
      event(a, Severity.WARNING, what + ": " + outcome + " (" + n + " rejected so far)");
    }
    return a;
  }

  private static String outcome(Ack a) {
    StringBuilder sb = new StringBuilder(a.result().wireName());
    if (a.grantedMillis() >= 0) sb.append(", ").append(seconds(a.grantedMillis()).toPlainString()).append(" s");
    if (a.reason() != null) sb.append(": ").append(a.reason());
    if (a.note() != null) sb.append(" (").append(a.note()).append(')');
    return sb.toString();
  }

  private void event(Ack a, Severity severity, String message) {
    try {
      events.accept(new Event(a.timeMillis(), "command." + a.result().wireName(), a.zone() != null ? a.zone()
          : "gateway", severity, message, a.grantedMillis() >= 0 ? a.grantedMillis() / 1000.0 : Double.NaN));
    } catch (RuntimeException e) {
      Logger.warn("cannot record the event of command {}: {}", a.id(), e.toString());
    }
  }

  private synchronized boolean remember(String id) {
    if (!seen.add(id)) return false;
    if (seen.size() > REMEMBERED_IDS) seen.remove(seen.iterator().next());
    return true;
  }

  private long count(String what) {
    return counts.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
  }

  /** Commands so far by source and result: {@code {"platform":{"accepted":3,"rejected":1},"technician":{..}}}. */
  public Map<String, Map<String, Long>> counts() {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    counts.forEach((k, v) -> {
      int dot = k.indexOf('.');
      out.computeIfAbsent(k.substring(0, dot), s -> new TreeMap<>()).put(k.substring(dot + 1), v.get());
    });
    return out;
  }

  /** The ack as the JSON object of docs/PROTOCOL.md ({@code cmd-ack}). */
  public static byte[] json(Ack a) {
    ObjectNode o = PlainJson.MAPPER.createObjectNode();
    o.put("command", a.name());
    o.put("t", BigDecimal.valueOf(a.timeMillis(), 3));
    if (a.id() == null) o.putNull("id");
    else o.put("id", a.id());
    o.put("result", a.result().wireName());
    if (a.reason() != null) o.put("reason", a.reason());
    if (a.zone() != null) o.put("zone", a.zone());
    if (a.grantedMillis() >= 0) {
      o.put("minutes", plain(BigDecimal.valueOf(a.grantedMillis()).divide(BigDecimal.valueOf(60_000), 4,
          RoundingMode.HALF_UP)));
      o.put("seconds", seconds(a.grantedMillis()));
    }
    if (a.startMillis() > 0) {
      o.put(a.kind() == Command.Kind.OPEN_ZONE ? "start" : "until", BigDecimal.valueOf(a.startMillis(), 3));
    }
    if (a.note() != null) o.put("note", a.note());
    o.put("source", a.origin().source().wireName());
    if (a.status() != null) o.set("status", PlainJson.MAPPER.valueToTree(a.status()));
    try {
      return PlainJson.MAPPER.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ack to JSON", e);
    }
  }

  private static BigDecimal seconds(long millis) {
    return plain(BigDecimal.valueOf(millis, 3));
  }

  private static BigDecimal plain(BigDecimal d) {
    BigDecimal s = d.stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }

  private void send(byte[] ack) {
    try {
      mqttAcks.accept(ack);
    } catch (RuntimeException e) {
      Logger.warn("cannot send command ack: {}", e.toString());
    }
  }

  /** Stops the {@code commands} thread; commands still waiting for the loop are not answered. Idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
