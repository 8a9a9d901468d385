// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.edgegateway.command.Ack;
import org.edgegateway.command.Command;
import org.edgegateway.command.CommandService;
import org.edgegateway.command.Origin;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.control.Controller;
import org.edgegateway.data.Reading;
import org.edgegateway.status.coap.LocalCoapServer;
import org.edgegateway.status.coap.LocalServerSettings;
import org.edgegateway.status.coap.ServedState;

/** What the local CoAP server shows, read from the running gateway. */
record ServedGateway(GatewayConfig config, Supplier<Map<String, Object>> statusSupplier, Controller controller,
    CommandService commands, Function<String, Reading> latestReading) implements ServedState {

  /** The local CoAP server over the gateway's status, zones, latest readings and control loop. */
  static LocalCoapServer localServer(GatewayConfig config, Supplier<Map<String, Object>> status,
      Controller controller, CommandService commands, Function<String, Reading> latest) {
    GatewayConfig.LocalServer l = config.localServer().orElseThrow();
    Duration every = config.loop().statusEvery().isZero() ? Duration.ofSeconds(5) : config.loop().statusEvery();
    LocalServerSettings settings = new LocalServerSettings(l.address(), l.port(), l.plain(), l.dtlsPort(),
        l.pskIdentityFile(), l.pskFile(), config.gateway().id() + "/", every);
    return new LocalCoapServer(settings, new ServedGateway(config, status, controller, commands, latest));
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

  /** Through the one command path, as the technician's command; the control loop grants what the limits allow. */
  @Override
  public CompletableFuture<Ack> testZone(String zone, Duration want, String technician) {
    return commands.submit(Origin.technician("coap", technician), new Command.OpenZone(zone, want));
  }
}
