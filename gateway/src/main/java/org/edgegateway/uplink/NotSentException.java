// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.IOException;

/**
 * A message the uplink failed before it put it on the wire (it was still queued, or the uplink was not online): a
 * later attempt is its first transmission, not a duplicate.
 */
public final class NotSentException extends IOException {
  private static final long serialVersionUID = 1L;

  public NotSentException(String message) {
    super(message);
  }
}
