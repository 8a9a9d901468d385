// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.coap;

import java.io.IOException;
import org.edgegateway.uplink.UplinkTopic;

/**
 * Where a message goes that the platform refused for good (a 4.xx answer): stored durably before this returns,
 * so that the uplink may then report the message as done and the forwarder moves on. A failure here makes the
 * message fail instead (it is sent again later).
 */
@FunctionalInterface
public interface Refusals {
  /** {@code reason} is the response code and the server's diagnostic text, e.g. {@code 4.00 Bad Request: ...}. */
  void refused(UplinkTopic topic, int contentFormat, byte[] payload, String reason) throws IOException;
}
