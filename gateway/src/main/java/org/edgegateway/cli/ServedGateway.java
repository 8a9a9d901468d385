// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.control.Controller;
import org.edgegateway.data.Reading;
import org.edgegateway.status.coap.LocalCoapServer;
import org.edgegateway.status.coap.LocalServerSettings;
import org.edgegateway.status.coap.ServedState;

/** What the local CoAP server shows, read from the running gateway. */
record ServedGateway(GatewayConfig config, Supplier<Map<String, Object>> statusSupplier, Controller controller,
    Function<String, Reading> latestReading) implements ServedState {

  /** The local CoAP server over the gateway's status, zones, latest readings and control loop. */
  static LocalCoapServer localServer(GatewayConfig config, Supplier<Map<String, Object>> status,
      Controller controller, Function<String, Reading> latest) {
    GatewayConfig.LocalServer l = config.localServer().orElseThrow();
    Duration every = config.loop().statusEvery().isZero() ? Duration.ofSeconds(5) : config.loop().statusEvery();
    LocalServerSettings settings = new LocalServerSettings(l.address(), l.port(), l.plain(), l.dtlsPort(),
        l.pskIdentityFile(), l.pskFile(), config.gateway().id() + "/", every);
    return new LocalCoapServer(settings, new ServedGateway(config, status, controller, latest));
  }

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

  /** Capped by the zone's max run and its valve's max-open; goes through the control loop like a command. */
  @Override
  public Duration testZone(String zone, Duration want) {
    GatewayConfig.Zone z = config.zones().stream().filter(x -> x.id().equals(zone)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown zone '" + zone + "'"));
    Duration d = min(want, z.maxRun());
    Duration maxOpen = config.valve(z.valve()).map(GatewayConfig.Valve::maxOpen).orElse(d);
    Duration granted = min(d, maxOpen);
    controller.submit(c -> c.zone(zone).override(true, c.nowNanos() + granted.toNanos()));
    return granted;
  }

  private static Duration min(Duration a, Duration b) {
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }
}
