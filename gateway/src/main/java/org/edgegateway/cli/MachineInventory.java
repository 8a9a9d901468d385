// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.status.CheckItem;

/**
 * What the machine offers for the check: GPIO chips, serial ports, I2C buses and 1-Wire sensors, found in /dev and
 * the w1 sysfs directory. Missing GPIO or I2C is a failure only when the config needs it.
 */
final class MachineInventory {
  private MachineInventory() {}

  static List<CheckItem> list(GatewayConfig config) {
    List<CheckItem> out = new ArrayList<>();
    boolean needsGpio = config.valves().stream().anyMatch(v -> v.type().equals("gpio"))
        || config.sensors().stream().anyMatch(s -> List.of("pulse", "digital-in").contains(s.driver().type()));
    boolean needsI2c = config.buses().stream().anyMatch(b -> b.type().equals("i2c"));
    out.add(item("gpio chips", glob(Path.of("/dev"), "gpiochip*"), needsGpio,
        "not a Raspberry Pi, or the gateway's user is not in group gpio"));
    List<String> serial = glob(Path.of("/dev"), "tty{USB,ACM,AMA}*");
    serial.addAll(glob(Path.of("/dev/serial/by-id"), "*"));
    out.add(item("serial ports", serial, false, ""));
    out.add(item("i2c buses", glob(Path.of("/dev"), "i2c-*"), needsI2c,
        "enable I2C: sudo raspi-config nonint do_i2c 0, then reboot"));
    for (GatewayConfig.Bus b : config.buses()) {
      if (b.type().equals("onewire")) {
        out.add(item("1-wire " + b.w1Path(), glob(b.w1Path(), "28-*"), false,
            "enable 1-Wire: dtoverlay=w1-gpio in /boot/firmware/config.txt, then reboot"));
      }
    }
    return out;
  }

  private static CheckItem item(String what, List<String> found, boolean required, String hint) {
    if (!found.isEmpty()) return CheckItem.ok("machine", what, String.join(", ", found));
    return required ? CheckItem.fail("machine", what, "none found", hint)
        : new CheckItem("machine", what, CheckItem.Verdict.SKIP, "none found", "");
  }

  private static List<String> glob(Path dir, String pattern) {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) return out;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, pattern)) {
      s.forEach(p -> out.add(p.toString()));
    } catch (IOException e) {
      // An unreadable directory offers nothing; the item says "none found".
    }
    out.sort(null);
    return out;
  }
}
