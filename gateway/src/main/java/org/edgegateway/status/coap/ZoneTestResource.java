// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import org.eclipse.californium.core.CoapResource;
import org.edgegateway.command.CommandService;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.tinylog.Logger;

/**
 * {@code POST /zones/<id>/test}: asks for a test run of the zone's valve for a few seconds (payload: whole seconds
 * as text, 5 if empty, at most {@link #MAX}) through the gateway's one command path, which grants what the limits
 * allow; answers 2.04 with the ack (accepted or queued) or 4.03 with it (rejected). Accepted only from a DTLS peer
 * that authenticated with the technician's PSK identity; anything else gets 4.01.
 */
final class ZoneTestResource extends CoapResource {
  static final Duration DEFAULT = Duration.ofSeconds(5);
  static final Duration MAX = Duration.ofSeconds(30);

  private final String zone;
  private final String technician;
  private final ServedState state;

  ZoneTestResource(String zone, String technician, ServedState state) {
    super("test");
    this.zone = zone;
    this.technician = technician;
    this.state = state;
    getAttributes().setTitle("POST seconds (1-30) to open the valve for a test; DTLS with the technician's PSK");
  }

  @Override
  public void handlePOST(CoapExchange exchange) {
    Principal peer = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
    if (technician == null || !(peer instanceof PreSharedKeyIdentity psk) || !technician.equals(psk.getIdentity())) {
      Logger.warn("local CoAP server: zone test of {} from {} refused (not the technician over DTLS)", zone,
          exchange.getSourceSocketAddress());
      exchange.respond(CoAP.ResponseCode.UNAUTHORIZED, "zone tests need DTLS with the technician's PSK");
      return;
    }
    Duration want;
    String text = new String(exchange.getRequestPayload(), StandardCharsets.UTF_8).strip();
    try {
      want = text.isEmpty() ? DEFAULT : Duration.ofSeconds(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      want = Duration.ZERO;
    }
    if (want.isNegative() || want.isZero() || want.compareTo(MAX) > 0) {
      exchange.respond(CoAP.ResponseCode.BAD_REQUEST, "'" + text + "' is not a test time; allowed: 1 to "
          + MAX.toSeconds() + " seconds");
      return;
    }
    exchange.accept();
    state.testZone(zone, want, technician).whenComplete((ack, error) -> {
      if (error != null) {
        Logger.error(error, "local CoAP server: zone test of {} failed", zone);
        exchange.respond(CoAP.ResponseCode.INTERNAL_SERVER_ERROR, "zone test failed");
      } else {
        exchange.respond(ack.applied() ? CoAP.ResponseCode.CHANGED : CoAP.ResponseCode.FORBIDDEN,
            CommandService.json(ack), 50);
      }
    });
  }
}
