// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.edgegateway.config.GatewayConfig;

/**
 * Turns a downlink message into a {@link Command} or a {@link Rejected} with a reason a platform engineer can act
 * on. Checks, in order: size, one JSON object with every key once, id, gateway, expiry, known command, known
 * fields, zone, bounds. It checks the message only: what a zone's limits allow (max-run, max-open, daily caps,
 * pauses) is decided by the control loop when it applies the command, and the ack says what it granted.
 */
public final class CommandParser {
  public static final int MAX_BYTES = 4096;
  static final Duration MAX_EXPIRY = Duration.ofDays(1);
  static final Duration MAX_HOLD = Duration.ofDays(7);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  // A repeated key would otherwise silently win over the first ("zone":"tree-1",...,"zone":"bed-1"), and text
  // after the object would be ignored.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private static final ObjectMapper LENIENT = new ObjectMapper();
  private static final Set<String> COMMON = Set.of("id", "expires", "gateway");
  private static final Map<String, Set<String>> FIELDS = Map.of(
      "open-zone", Set.of("zone", "minutes"),
      "close-zone", Set.of("zone", "minutes"),
      "hold-zone", Set.of("zone", "until"),
      "set-thresholds", Set.of("zone", "start", "stop"),
      "status", Set.of());

  private final GatewayConfig config;

  public CommandParser(GatewayConfig config) {
    this.config = config;
  }

  /** Known command names, for errors and docs. */
  public static List<String> names() {
    return java.util.Arrays.stream(Command.Kind.values()).map(Command.Kind::wireName).toList();
  }

  public Parsed parse(String name, byte[] payload, long nowMillis) throws Rejected {
    if (payload.length > MAX_BYTES) throw new Rejected(null, "payload larger than " + MAX_BYTES + " bytes");
    JsonNode root = readJson(payload);
    String id = id(root);
    JsonNode gw = root.get("gateway");
    if (gw != null && !gw.asText().equals(config.gateway().id())) {
      throw new Rejected(id, "for gateway '" + gw.asText() + "', this is '" + config.gateway().id() + "'");
    }
    long expires = expires(id, root, nowMillis);
    Set<String> fields = FIELDS.get(name);
    if (fields == null) {
      throw new Rejected(id, "unknown command '" + name + "'; allowed: " + String.join(", ", names()));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!COMMON.contains(f) && !fields.contains(f)) {
        throw new Rejected(id, "unknown field '" + f + "' for " + name + "; allowed: id, expires, gateway"
            + (fields.isEmpty() ? "" : ", " + String.join(", ", fields.stream().sorted().toList())));
      }
    }
    return new Parsed(id, name, expires, command(id, name, root, nowMillis));
  }

  private static JsonNode readJson(byte[] payload) throws Rejected {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      String m = e.getOriginalMessage();
      if (m != null && m.startsWith("Duplicate field '")) {
        throw new Rejected(lenientId(payload), "duplicate key '" + m.substring(17, m.lastIndexOf('\''))
            + "'; each key may appear once");
      }
      throw new Rejected(null, "malformed JSON: " + m);
    } catch (IOException e) {
      throw new Rejected(null, "unreadable payload: " + e.getMessage());
    }
    if (root == null || !root.isObject()) throw new Rejected(null, "expected a JSON object");
    return root;
  }

  /** The id of a message rejected for a repeated key, so that its ack can name it; null if there is none. */
  private static String lenientId(byte[] payload) {
    try {
      JsonNode id = LENIENT.readTree(payload).get("id");
      return id != null && id.isTextual() && ID.matcher(id.asText()).matches() ? id.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String id(JsonNode root) throws Rejected {
    JsonNode id = root.get("id");
    if (id == null || !id.isTextual()) throw new Rejected(null, "missing id; required: a string of 1 to 64 characters");
    if (!ID.matcher(id.asText()).matches()) {
      throw new Rejected(null, "bad id; allowed: 1 to 64 letters, digits, '_', '.', ':' or '-'");
    }
    return id.asText();
  }

  private static long expires(String id, JsonNode root, long nowMillis) throws Rejected {
    JsonNode e = root.get("expires");
    long at;
    if (e == null) {
      throw new Rejected(id, "missing expires; required: epoch milliseconds or an ISO-8601 time");
    } else if (e.isIntegralNumber()) {
      at = e.asLong();
    } else if (e.isTextual()) {
      try {
        at = Instant.parse(e.asText()).toEpochMilli();
      } catch (DateTimeParseException ex) {
        throw new Rejected(id, "bad expires '" + e.asText() + "'; allowed: e.g. 2026-06-01T22:00:00Z");
      }
    } else {
      throw new Rejected(id, "bad expires; allowed: epoch milliseconds or an ISO-8601 time");
    }
    if (at <= nowMillis) throw new Rejected(id, "expired");
    if (at - nowMillis > MAX_EXPIRY.toMillis()) throw new Rejected(id, "expires more than 24 h ahead");
    return at;
  }

  private Command command(String id, String name, JsonNode root, long nowMillis) throws Rejected {
    if (name.equals("status")) return new Command.StatusNow();
    GatewayConfig.Zone zone = zone(id, root);
    switch (name) {
      case "open-zone" -> {
        return new Command.OpenZone(zone.id(), minutes(id, root, null));
      }
      case "close-zone" -> {
        return new Command.CloseZone(zone.id(), minutes(id, root, Duration.ofHours(1)));
      }
      case "hold-zone" -> {
        return new Command.HoldZone(zone.id(), until(id, root, nowMillis));
      }
      default -> {
        return thresholds(id, root, zone);
      }
    }
  }

  private GatewayConfig.Zone zone(String id, JsonNode root) throws Rejected {
    JsonNode z = root.get("zone");
    if (z == null || !z.isTextual()) throw new Rejected(id, "missing zone; required: a zone id as a string");
    return config.zones().stream().filter(x -> x.id().equals(z.asText())).findFirst()
        .orElseThrow(() -> new Rejected(id, "unknown zone '" + z.asText() + "'; allowed: "
            + String.join(", ", config.zones().stream().map(GatewayConfig.Zone::id).toList())));
  }

  private static Duration minutes(String id, JsonNode root, Duration fallback) throws Rejected {
    JsonNode m = root.get("minutes");
    if (m == null && fallback != null) return fallback;
    if (m == null || !m.isNumber()) throw new Rejected(id, "missing minutes; required: a number from 0.1 to 1440");
    double v = m.asDouble();
    if (!(v >= 0.1 && v <= 1440)) {
      throw new Rejected(id, "minutes " + m.asText() + " out of range; allowed: 0.1 to 1440");
    }
    return Duration.ofMillis(Math.round(v * 60_000));
  }

  private static long until(String id, JsonNode root, long nowMillis) throws Rejected {
    JsonNode u = root.get("until");
    if (u == null || !u.isTextual()) throw new Rejected(id, "missing until; required: an ISO-8601 time");
    long at;
    try {
      at = Instant.parse(u.asText()).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new Rejected(id, "bad until '" + u.asText() + "'; allowed: e.g. 2026-06-02T06:00:00Z");
    }
    if (at <= nowMillis) throw new Rejected(id, "until is in the past");
    if (at - nowMillis > MAX_HOLD.toMillis()) throw new Rejected(id, "until more than 7 days ahead");
    return at;
  }

  private static Command thresholds(String id, JsonNode root, GatewayConfig.Zone zone) throws Rejected {
    JsonNode s = root.get("start");
    JsonNode t = root.get("stop");
    if (s == null || t == null || !s.isNumber() || !t.isNumber()) {
      throw new Rejected(id, "missing start or stop; required: two numbers");
    }
    boolean moisture = zone.sense() == GatewayConfig.Sense.MOISTURE;
    double max = moisture ? 100 : 1500;
    double start = s.asDouble();
    double stop = t.asDouble();
    if (!(start >= 0 && start <= max && stop >= 0 && stop <= max)) {
      throw new Rejected(id, "thresholds out of range; allowed: 0 to " + (int) max + (moisture ? " % VWC" : " kPa"));
    }
    if (moisture ? stop <= start : stop >= start) {
      throw new Rejected(id, "stop must be " + (moisture ? "above" : "below") + " start for a " + (moisture
          ? "moisture" : "tension") + " zone");
    }
    return new Command.SetThresholds(zone.id(), start, stop);
  }

  /** A parsed command with its id, name and expiry. */
  public record Parsed(String id, String name, long expiresMillis, Command command) {}
}
