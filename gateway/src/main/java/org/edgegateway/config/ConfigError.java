// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

/**
 * One problem in a config file, worded for the technician who has to fix it: where ({@code file:line}), which
 * key ({@code zones[1].start-below}), and what is wrong with the value and what is allowed instead.
 */
public record ConfigError(String file, int line, String path, String problem) {

  @Override
  public String toString() {
    return file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + problem;
  }
}
