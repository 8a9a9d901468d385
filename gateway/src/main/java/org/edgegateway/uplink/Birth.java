// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the gateway says about itself in its retained status message when it connects; the platform learns the
 * channels and their units from it. {@code lat}/{@code lon} in degrees (WGS 84), NaN if unknown.
 */
public record Birth(String gatewayId, String site, double lat, double lon, String softwareVersion,
    List<Channel> channels) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Birth {
    if (gatewayId == null || gatewayId.isEmpty()) throw new IllegalArgumentException("gatewayId empty");
    if (site == null) throw new IllegalArgumentException("site null");
    if (softwareVersion == null) throw new IllegalArgumentException("softwareVersion null");
    if (channels == null) throw new IllegalArgumentException("channels null");
    channels = List.copyOf(channels);
  }

  /** A channel the gateway reports, with its SenML unit ({@code ""} for none). */
  public record Channel(String id, String unit) {}

  /** The status message while connected: {@code {"state":"online","id":..,"site":..,"t":..,...}}. */
  public byte[] onlineJson(long timeMillis) {
    ObjectNode root = status("online");
    root.put("t", BigDecimal.valueOf(timeMillis, 3));
    root.put("site", site);
    if (Double.isFinite(lat) && Double.isFinite(lon)) {
      root.put("lat", lat);
      root.put("lon", lon);
    }
    root.put("version", softwareVersion);
    ArrayNode list = root.putArray("channels");
    for (Channel c : channels) {
      list.addObject().put("n", c.id()).put("u", c.unit());
    }
    return bytes(root);
  }

  /** The status message when the gateway is gone (last will, or a clean stop): {@code {"state":"offline",..}}. */
  public byte[] offlineJson() {
    return bytes(status("offline"));
  }

  private ObjectNode status(String state) {
    ObjectNode root = JSON.createObjectNode();
    root.put("state", state);
    root.put("id", gatewayId);
    return root;
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("status to JSON", e);
    }
  }
}
