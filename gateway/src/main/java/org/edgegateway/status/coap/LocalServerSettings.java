// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The local CoAP server: {@code address} to bind ({@code 0.0.0.0} for all), plain CoAP on {@code port} unless
 * {@code plain} is false, DTLS on {@code dtlsPort} when the technician's PSK files are given (identity and key, the
 * key's bytes are the file's text, a trailing newline ignored). {@code baseName} prefixes channel names in SenML
 * ({@code "gw-ka-0001/"}); {@code statusEvery} is how often {@code /status} observers hear of it.
 */
public record LocalServerSettings(String address, int port, boolean plain, int dtlsPort, Path pskIdentityFile,
    Path pskFile, String baseName, Duration statusEvery) {
  public LocalServerSettings {
    if (address == null || address.isEmpty()) throw new IllegalArgumentException("address empty");
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    if (dtlsPort < 0 || dtlsPort > 65535) throw new IllegalArgumentException("dtlsPort out of range: " + dtlsPort);
    if ((pskIdentityFile == null) != (pskFile == null)) {
      throw new IllegalArgumentException("pskIdentityFile and pskFile go together");
    }
    if (!plain && pskFile == null) throw new IllegalArgumentException("neither plain CoAP nor DTLS enabled");
    if (baseName == null) throw new IllegalArgumentException("baseName null");
    if (statusEvery == null || statusEvery.isNegative() || statusEvery.isZero()) {
      throw new IllegalArgumentException("statusEvery not positive: " + statusEvery);
    }
  }

  public boolean dtls() {
    return pskFile != null;
  }
}
