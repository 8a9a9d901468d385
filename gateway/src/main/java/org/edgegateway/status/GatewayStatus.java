// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.buffer.OutboxStats;
import org.edgegateway.control.Controller;
import org.edgegateway.control.LoopMetrics;
import org.edgegateway.uplink.UplinkLink;

/**
 * What the gateway says about itself: the status map (for the {@code status} command, the retained status message
 * and the local CoAP server), the status line, and the uplinks' part of it. Reads the running parts; holds no
 * state of its own.
 */
public final class GatewayStatus {
  private final String id;
  private final String version;
  private final Controller controller;
  private final Outbox outbox;
  private final LoopMetrics loop;
  private final List<UplinkLink> links;
  private final Supplier<Map<String, Long>> sensorErrors;
  private final Supplier<? extends Map<String, ?>> commandCounts;
  private final Supplier<? extends Map<String, ?>> lineNoise;

  /** {@code links} is read live (the assembly adds to it as uplinks start): pass a thread-safe list. */
  public GatewayStatus(String id, String version, Controller controller, Outbox outbox, LoopMetrics loop,
      List<UplinkLink> links, Supplier<Map<String, Long>> sensorErrors,
      Supplier<? extends Map<String, ?>> commandCounts, Supplier<? extends Map<String, ?>> lineNoise) {
    this.id = id;
    this.version = version;
    this.controller = controller;
    this.outbox = outbox;
    this.loop = loop;
    this.links = links;
    this.sensorErrors = sensorErrors;
    this.commandCounts = commandCounts;
    this.lineNoise = lineNoise;
  }

  /**
   * The status map. {@code uplink} holds the figures of the link that publishes the status (MQTT), or
   * {@code {"phase":"none"}}; every other link adds its status line under its name ({@code coap}).
   */
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("id", id);
    s.put("version", version);
    s.put("zones", controller.view().stream().map(z -> ordered("id", z.id(), "moisture",
        Double.isNaN(z.moisture()) ? z.moisture() : Math.round(z.moisture() * 100) / 100.0,
        "unit", z.unit(), "phase", z.phase().name().toLowerCase(Locale.ROOT), "valve", z.valveOpen() ? "open"
        : "closed", "reason", z.reason(), "todayOpenSeconds", z.todayOpenMillis() / 1000)).toList());
    OutboxStats b = outbox.stats();
    s.put("buffer", ordered("events", b.storedEvents(), "telemetry", b.storedTelemetry(), "oldestMillis",
        b.oldestMillis(), "bytes", b.bytesOnDisk(), "dropped", b.dropped(), "writeErrors", b.writeErrors()));
    LoopMetrics.Summary l = loop.summary();
    s.put("loop", ordered("ticks", l.ticks(), "overruns", l.overruns(), "latenessP99Micros", l.latenessMicros()[1],
        "latenessMaxMicros", l.latenessMicros()[3], "durationP99Micros", l.durationMicros()[1]));
    UplinkLink publishing = links.stream().filter(UplinkLink::publishesStatus).findFirst().orElse(null);
    s.put("uplink", publishing == null ? Map.of("phase", "none") : publishing.figures());
    for (UplinkLink link : links) if (link != publishing) s.put(link.name(), link.describe());
    s.put("sensorErrors", sensorErrors.get());
    s.put("lineNoise", lineNoise.get());
    s.put("commands", commandCounts.get());
    return s;
  }

  /** A map in the order its keys are given, so that the status reads the same every time. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return m;
  }

  /** The status, also published as the retained status message (the {@code status} command asks for this). */
  public Map<String, Object> publish() {
    Map<String, Object> s = status();
    links.forEach(link -> link.publishStatus(s));
    return s;
  }

  /** The uplinks for the status line: {@code mqtt online, 5 acked; coap offline (...)}, or {@code none}. */
  public String uplinks() {
    return links.isEmpty() ? "none" : links.stream().map(UplinkLink::describe).collect(Collectors.joining("; "));
  }

  /** The status line as printed every few seconds. */
  public String line() {
    String up = uplinks();
    return StatusLine.format(controller.view(), outbox.stats(), up.equals("none") ? "no uplink" : up,
        loop.summary());
  }
}
