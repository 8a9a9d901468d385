// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

/** A command that will not be applied, with the reason sent back in its acknowledgement. */
public final class Rejected extends Exception {
  private final String id;

  public Rejected(String id, String reason) {
    super(reason, null, false, false);
    this.id = id;
  }

  /** The command's id, or null if it could not be read. */
  public String id() {
    return id;
  }
}
