// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import java.util.Arrays;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.tinylog.Logger;

/**
 * A read-only resource whose body comes from a supplier; observable ones notify their observers when
 * {@link #poll} finds the body changed. A null body is answered with 4.04.
 */
class ObservedResource extends CoapResource {
  private final int contentFormat;
  private final Supplier<byte[]> body;
  private byte[] last;

  ObservedResource(String name, int contentFormat, boolean observable, Supplier<byte[]> body) {
    super(name);
    this.contentFormat = contentFormat;
    this.body = body;
    setObservable(observable);
    setObserveType(CoAP.Type.CON);
    getAttributes().addContentType(contentFormat);
    if (observable) getAttributes().setObservable();
  }

  @Override
  public void handleGET(CoapExchange exchange) {
    byte[] b;
    try {
      b = body.get();
    } catch (RuntimeException e) {
      Logger.warn(e, "local CoAP server: {} failed", getURI());
      exchange.respond(CoAP.ResponseCode.INTERNAL_SERVER_ERROR, "internal error");
      return;
    }
    if (b == null) {
      exchange.respond(CoAP.ResponseCode.NOT_FOUND, "no value yet");
    } else {
      exchange.respond(CoAP.ResponseCode.CONTENT, b, contentFormat);
    }
  }

  /** Tells observers when the body changed since the last poll; for the server's poll thread. */
  synchronized void poll() {
    byte[] b = body.get();
    if (b != null && !Arrays.equals(b, last)) {
      last = b;
      changed();
    }
  }
}
