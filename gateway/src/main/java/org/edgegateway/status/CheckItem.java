// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status;

/**
 * One line of the commissioning check: what was checked, how it went, what was found, and for a failure what a
 * technician can do about it.
 */
public record CheckItem(String section, String item, Verdict verdict, String detail, String hint) {

  /** OK, a warning (works, but look at it), a failure (something required does not work), or not applicable. */
  public enum Verdict { OK, WARN, FAIL, SKIP }

  public static CheckItem ok(String section, String item, String detail) {
    return new CheckItem(section, item, Verdict.OK, detail, "");
  }

  public static CheckItem fail(String section, String item, String detail, String hint) {
    return new CheckItem(section, item, Verdict.FAIL, detail, hint);
  }
}
