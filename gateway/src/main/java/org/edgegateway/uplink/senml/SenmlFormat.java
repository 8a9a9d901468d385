// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

/** The two SenML serialisations of RFC 8428 the gateway speaks; events use the same one as telemetry. */
public enum SenmlFormat {
  JSON("application/senml+json"),
  CBOR("application/senml+cbor");

  private final String contentType;

  SenmlFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The media type, e.g. for documentation or a CoAP content format lookup. */
  public String contentType() {
    return contentType;
  }
}
