// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttException;

/** Says in words why a connection failed or was lost, for the log and the status line; never names secrets. */
final class ConnectError {
  private ConnectError() {}

  static String describe(String broker, Throwable failure) {
    Throwable root = failure;
    SSLException tls = null;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof SSLException && tls == null) tls = (SSLException) root;
      root = root.getCause();
    }
    if (root instanceof SSLException && tls == null) tls = (SSLException) root;
    String where = broker == null ? "" : broker + ": ";
    if (tls != null) return where + "TLS handshake failed: " + tlsReason(failure) + root.getMessage();
    if (root instanceof ConnectException) return where + "connection refused";
    if (root instanceof UnknownHostException) return where + "unknown host " + root.getMessage();
    if (failure instanceof MqttException) return where + mqtt((MqttException) failure, root);
    return where + failure;
  }

  private static String tlsReason(Throwable failure) {
    // Checked first: an expired certificate also fails path validation, and "does not chain" would mislead.
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException
          || t instanceof CertPathValidatorException v && (v.getReason() == BasicReason.EXPIRED
          || v.getReason() == BasicReason.NOT_YET_VALID)) {
        return "the broker's certificate is expired or not yet valid (is the gateway's clock right?): ";
      }
      if (t.getCause() == t) break;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return "the broker's certificate does not chain to a CA in the CA file: ";
      }
      if (t instanceof CertificateException && String.valueOf(t.getMessage()).contains("match")) {
        return "the broker's certificate is not for this host name: ";
      }
      if (t.getCause() == t) break;
    }
    return "";
  }

  private static String mqtt(MqttException e, Throwable root) {
    switch (e.getReasonCode()) {
      case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
        return "broker refused the user name or password (CONNACK 4)";
      case MqttException.REASON_CODE_NOT_AUTHORIZED:
        return "broker refused the credentials: not authorized (CONNACK 5)";
      case MqttException.REASON_CODE_INVALID_CLIENT_ID:
        return "broker refused the client id (CONNACK 2)";
      case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
        return "broker unavailable (CONNACK 3)";
      case MqttException.REASON_CODE_CLIENT_TIMEOUT:
        return "no answer within the connect timeout";
      case MqttException.REASON_CODE_CONNECTION_LOST:
        return "connection lost" + (root == e ? "" : ": " + root);
      default:
        return e.getMessage() + " (" + e.getReasonCode() + ")" + (root == e ? "" : ": " + root);
    }
  }
}
