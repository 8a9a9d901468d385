// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

/**
 * Who sent a command and over what: the platform (over MQTT) or a technician on site (over CoAP with the
 * technician's PSK, or the web console after login). Named in the command's ack, its event and the reason of the
 * valve events it causes.
 */
public record Origin(Source source, String via, String who) {

  /** The two kinds of sender; their wire names go into acks and events. */
  public enum Source {
    PLATFORM, TECHNICIAN;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Origin {
    if (source == null || via == null || via.isEmpty()) throw new IllegalArgumentException("origin needs a source");
  }

  public static Origin platform(String via) {
    return new Origin(Source.PLATFORM, via, null);
  }

  public static Origin technician(String via, String who) {
    return new Origin(Source.TECHNICIAN, via, who);
  }

  /** {@code platform via mqtt}, {@code technician 'anna' via web}. */
  public String describe() {
    return source.wireName() + (who == null ? "" : " '" + who + "'") + " via " + via;
  }
}
