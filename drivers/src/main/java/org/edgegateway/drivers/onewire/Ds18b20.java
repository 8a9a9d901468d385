// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.onewire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;

/**
 * A Maxim DS18B20 read through the kernel's w1 sysfs file {@code <devices>/<28-rom>/w1_slave}. Reading the file makes
 * the kernel run one conversion (up to 750 ms at 12 bits; the w1 master's timeouts bound it) and report the
 * scratchpad with its CRC verdict. Gives {@code temperature} in Cel. A failed CRC, the 85 °C power-on value, the
 * -127 °C "disconnected" value or anything outside the sensor's -55..125 °C range, an all-zero scratchpad (data
 * line held low), a missing file and garbage are {@link DeviceException}s naming the device.
 */
public final class Ds18b20 implements Sensor {
  /** Where the kernel lists 1-Wire devices. */
  public static final Path SYSFS_DEVICES = Path.of("/sys/bus/w1/devices");

  private static final Pattern ROM = Pattern.compile("28-[0-9a-f]{12}");
  private static final Pattern LINE1 = Pattern.compile("((?:[0-9a-f]{2} ){9}): crc=[0-9a-f]{2} (YES|NO)");
  private static final Pattern LINE2 = Pattern.compile("(?:[0-9a-f]{2} ){9}t=(-?\\d{1,7})");
  private static final int POWER_ON_MILLI = 85_000;
  private static final int MAX_FILE_BYTES = 4096;

  private final String device;
  private final Path file;

  /**
   * @param devices the w1 devices directory, {@link #SYSFS_DEVICES} on a Pi
   * @param rom the sensor's directory name, e.g. {@code 28-0316a2795aff}
   */
  public Ds18b20(String device, Path devices, String rom) {
    if (device == null || device.isEmpty()) throw new IllegalArgumentException("device name empty");
    if (devices == null) throw new IllegalArgumentException(device + ": devices directory null");
    if (rom == null || !ROM.matcher(rom).matches()) throw new IllegalArgumentException("not a DS18B20 rom id: " + rom);
    this.device = device;
    this.file = devices.resolve(rom).resolve("w1_slave");
  }

  /** The DS18B20s (family 28) the kernel lists in {@code devices}, sorted. */
  public static List<String> list(Path devices) throws DeviceException {
    List<String> roms = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(devices, "28-*")) {
      for (Path p : dir) {
        String name = p.getFileName().toString();
        if (ROM.matcher(name).matches()) roms.add(name);
      }
    } catch (NoSuchFileException e) {
      throw new DeviceException("w1", devices + " missing: is the w1-gpio overlay enabled?", e);
    } catch (IOException e) {
      throw new DeviceException("w1", "cannot list " + devices + ": " + e.getMessage(), e);
    }
    roms.sort(null);
    return roms;
  }

  @Override
  public List<Sample> read() throws DeviceException {
    String content;
    try {
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > MAX_FILE_BYTES) throw new DeviceException(device, file + " too large: " + bytes.length);
      content = new String(bytes, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new DeviceException(device, file + " missing: sensor not present on the bus", e);
    } catch (DeviceException e) {
      throw e;
    } catch (IOException e) {
      throw new DeviceException(device, "cannot read " + file + ": " + e.getMessage(), e);
    }
    return List.of(new Sample("temperature", parseMilliCelsius(device, content) / 1000.0, "Cel"));
  }

  /** The temperature in milli-°C from a {@code w1_slave} file's two lines, or why there is none. */
  static int parseMilliCelsius(String device, String content) throws DeviceException {
    String[] lines = content.strip().split("\\R");
    if (lines.length < 2) throw new DeviceException(device, "w1_slave has " + lines.length + " line(s), expected 2");
    Matcher crc = LINE1.matcher(lines[0].strip());
    Matcher t = LINE2.matcher(lines[1].strip());
    if (!crc.matches() || !t.matches()) {
      throw new DeviceException(device, "w1_slave unreadable: " + abbreviate(content));
    }
    if (!"YES".equals(crc.group(2))) throw new DeviceException(device, "CRC check failed (NO)");
    if (crc.group(1).equals("00 ".repeat(9))) throw new DeviceException(device, "scratchpad all zero (data line low)");
    int milli = Integer.parseInt(t.group(1));
    if (milli == POWER_ON_MILLI) throw new DeviceException(device, "85 °C power-on value: no conversion took place");
    if (milli < -55_000 || milli > 125_000) {
      throw new DeviceException(device, "temperature " + milli / 1000.0 + " °C outside -55..125 (disconnected?)");
    }
    return milli;
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() > 80 ? one.substring(0, 80) + "..." : one;
  }
}
