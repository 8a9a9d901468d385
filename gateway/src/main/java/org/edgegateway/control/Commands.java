// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.edgegateway.command.Ack;
import org.edgegateway.command.Command;
import org.edgegateway.command.Pending;
import org.edgegateway.command.Request;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.config.Units;
import org.edgegateway.rules.ManualRuns;
import org.edgegateway.rules.ZoneState;
import org.edgegateway.safety.Safety;
import org.tinylog.Logger;

/**
 * Applies commands on the loop thread at the start of a tick, in one exhaustive switch, and decides each ack from
 * what the zone's limits ({@link ManualRuns}) and the valve's ({@link Safety#admission}) will really allow, so the
 * ack never claims an effect that Safety later refuses. A command that throws is rejected alone; the tick goes on.
 */
final class Commands {
  private final Map<String, GatewayConfig.Zone> zones;
  private final Map<String, ZoneState> states;
  private final Safety safety;
  private final Set<String> reserved;
  private final Clock clock;

  /** {@code zones} are the loop's effective zones (thresholds change them); the maps are the loop's own. */
  Commands(Map<String, GatewayConfig.Zone> zones, Map<String, ZoneState> states, Safety safety,
      Set<String> reserved, Clock clock) {
    this.zones = zones;
    this.states = states;
    this.safety = safety;
    this.reserved = reserved;
    this.clock = clock;
  }

  /** Applies one command at the start of the tick at {@code nowNanos}, {@code dtNanos} after the previous one. */
  void apply(Pending p, long nowNanos, long dtNanos) {
    if (!p.claim()) return;
    Request r = p.request();
    long nowMillis = clock.millis();
    Ack ack;
    try {
      ack = nowMillis >= r.expiresMillis() ? reject(r, "expired before the control loop could apply it", nowMillis)
          : decide(r, nowNanos, dtNanos, nowMillis);
    } catch (RuntimeException e) {
      Logger.error(e, "command {} failed; nothing was changed", r.describe());
      ack = reject(r, "internal error; nothing was changed", nowMillis);
    }
    p.complete(ack);
  }

  private Ack decide(Request r, long nowNanos, long dtNanos, long nowMillis) {
    Command c = r.command();
    if (c.zone() != null && !zones.containsKey(c.zone())) {
      return reject(r, "unknown zone '" + c.zone() + "'; allowed: " + String.join(", ", zones.keySet()), nowMillis);
    }
    return switch (c.kind()) {
      case OPEN_ZONE -> open(r, (Command.OpenZone) c, nowNanos, dtNanos, nowMillis);
      case CLOSE_ZONE -> hold(r, nowNanos + ((Command.CloseZone) c).hold().toNanos(), nowNanos, nowMillis);
      case HOLD_ZONE -> hold(r, nowNanos + (((Command.HoldZone) c).untilMillis() - nowMillis) * 1_000_000L, nowNanos,
          nowMillis);
      case SET_THRESHOLDS -> {
        Command.SetThresholds t = (Command.SetThresholds) c;
        zones.computeIfPresent(t.zone(), (id, z) -> z.withThresholds(t.start(), t.stop()));
        yield ack(r, Ack.Result.ACCEPTED, null, -1, 0, null, nowMillis);
      }
      case STATUS -> ack(r, Ack.Result.ACCEPTED, null, -1, 0, null, nowMillis);
    };
  }

  private Ack open(Request r, Command.OpenZone o, long nowNanos, long dtNanos, long nowMillis) {
    GatewayConfig.Zone z = zones.get(o.zone());
    ZoneState st = states.get(z.id());
    long openFor = safety.openForNanos(z.valve(), nowNanos);
    boolean valveOpen = openFor > 0;
    ManualRuns.Grant g = ManualRuns.grant(z, st, o.run(), openFor, nowNanos, dtNanos);
    if (g.refusal() != null) return reject(r, g.refusal(), nowMillis);
    Safety.Admission a = safety.admission(z.valve(), reserved, nowNanos);
    if (a.refusal() != null) return reject(r, a.refusal(), nowMillis);
    if (a.openLeftNanos() < ManualRuns.MIN_GRANT_NANOS) {
      return reject(r, "valve " + z.valve() + " reaches its max-open " + Units.format(safety.maxOpen(z.valve()))
          + " now and then "
          + "stays closed until its zone has stopped asking for water", nowMillis);
    }
    long granted = g.grantedNanos();
    String note = g.note();
    if (a.openLeftNanos() < granted) {
      granted = a.openLeftNanos();
      note = "capped by valve " + z.valve() + "'s max-open " + Units.format(safety.maxOpen(z.valve()));
    }
    long start = Math.max(g.notBeforeNanos(), a.startNanos());
    String delay = g.delay() == null ? a.pause() : a.pause() == null ? g.delay() : g.delay() + " and " + a.pause();
    if (safety.masterLead() != null && !valveOpen) {
      String lead = "the master valve opens first: the zone valve follows within its lead of "
          + Units.format(safety.masterLead());
      note = note == null ? lead : note + "; " + lead;
    }
    granted = granted / 1_000_000L * 1_000_000L;
    ManualRuns.start(st, granted, "manual run by " + r.origin().describe() + " (id " + r.id() + ")", nowNanos);
    if (!valveOpen) reserved.add(z.valve());
    long startMillis = nowMillis + (start - nowNanos) / 1_000_000L;
    if (delay != null) {
      return ack(r, Ack.Result.QUEUED, delay + "; opens at " + Instant.ofEpochMilli(startMillis), granted / 1_000_000L,
          startMillis, note, nowMillis);
    }
    return ack(r, Ack.Result.ACCEPTED, null, granted / 1_000_000L, startMillis, note, nowMillis);
  }

  private Ack hold(Request r, long untilNanos, long nowNanos, long nowMillis) {
    if (untilNanos <= nowNanos) return reject(r, "the hold would already be over", nowMillis);
    GatewayConfig.Zone z = zones.get(r.command().zone());
    long untilMillis = nowMillis + (untilNanos - nowNanos) / 1_000_000L;
    ManualRuns.hold(states.get(z.id()), untilNanos, "held closed by " + r.origin().describe() + " (id " + r.id()
        + ") for " + Units.format(Duration.ofMillis(untilMillis - nowMillis)));
    reserved.remove(z.valve());
    return ack(r, Ack.Result.ACCEPTED, null, -1, untilMillis, null, nowMillis);
  }

  private static Ack ack(Request r, Ack.Result result, String reason, long grantedMillis, long startMillis,
      String note, long nowMillis) {
    return new Ack(r.id(), r.command().kind(), r.command().kind().wireName(), r.origin(), result, reason,
        r.command().zone(), grantedMillis, startMillis, note, nowMillis, null);
  }

  private static Ack reject(Request r, String reason, long nowMillis) {
    return ack(r, Ack.Result.REJECTED, reason, -1, 0, null, nowMillis);
  }
}
