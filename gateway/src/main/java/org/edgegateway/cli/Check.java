// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.edgegateway.buffer.OutboxInspector;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;
import org.edgegateway.status.CheckItem;
import org.edgegateway.uplink.coap.CoapSettings;
import org.edgegateway.uplink.coap.CoapUplink;
import org.edgegateway.uplink.mqtt.MqttProbe;

/**
 * The commissioning check a technician runs on site: what the machine offers, each configured sensor read once,
 * each broker tried step by step, the buffer, and file permissions; one line per item with a hint for every
 * failure. It never switches a valve. Exit code 1 when anything required failed.
 */
final class Check {
  private static final int SENSOR_TIMEOUT_MILLIS = 5_000;
  private static final int NET_TIMEOUT_MILLIS = 5_000;

  private final GatewayConfig config;
  private final List<CheckItem> items = new ArrayList<>();

  Check(GatewayConfig config) {
    this.config = config;
  }

  List<CheckItem> run() {
    return run(true);
  }

  /**
   * The steps that can run beside a running gateway (the web console's check): all but reading the sensors,
   * which would open the devices a second time (the console reads a sensor through the running sampler instead).
   */
  List<CheckItem> runBesideGateway() {
    return run(false);
  }

  private List<CheckItem> run(boolean readSensors) {
    items.add(CheckItem.ok("config", config.file().getFileName().toString(), "valid: gateway " + config.gateway().id()
        + " at " + config.gateway().site() + ", " + config.sensors().size() + " sensors, " + config.zones().size()
        + " zones, " + config.valves().size() + " valves"));
    items.addAll(MachineInventory.list(config));
    permissions();
    if (readSensors) sensors();
    uplink();
    coapUplink();
    buffer();
    items.addAll(ConsoleLink.checkItems(config));
    return List.copyOf(items);
  }

  private void sensors() {
    boolean allSimulated = config.valves().stream().allMatch(v -> v.type().equals("simulated"));
    try (Hardware hw = new Hardware(config, Clock.systemUTC())) {
      if (allSimulated) hw.valves(); // simulated soil follows its simulated valve; never a real relay
      ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "check-sensor");
        t.setDaemon(true);
        return t;
      });
      try {
        for (GatewayConfig.Sensor s : config.sensors()) items.add(readOnce(hw, s, ex));
        lineNoise(hw);
      } finally {
        ex.shutdownNow();
      }
    } catch (IOException e) {
      items.add(CheckItem.fail("sensor", "devices", e.getMessage(), "see docs/INSTALL.md, troubleshooting"));
    }
    for (GatewayConfig.Valve v : config.valves()) {
      items.add(new CheckItem("valve", v.id(), CheckItem.Verdict.SKIP, v.type().equals("gpio") ? "GPIO " + v.pin()
          + (v.activeLow() ? ", active-low" : ", active-high") + "; not switched by check" : "simulated", ""));
    }
  }

  private CheckItem readOnce(Hardware hw, GatewayConfig.Sensor s, ExecutorService ex) {
    Future<List<Sample>> f = null;
    try {
      Sensor sensor = hw.sensor(s);
      f = ex.submit(sensor::read);
      List<Sample> samples = f.get(SENSOR_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      StringBuilder sb = new StringBuilder();
      boolean inRange = true;
      for (GatewayConfig.Channel c : s.channels()) {
        Sample v = samples.stream().filter(x -> x.quantity().equals(c.quantity())).findFirst().orElse(null);
        if (sb.length() > 0) sb.append(", ");
        if (v == null) {
          sb.append(c.quantity()).append(" missing");
          inRange = false;
          continue;
        }
        sb.append(c.quantity()).append(' ').append(String.format(Locale.ROOT, "%.4g", v.value())).append(' ')
            .append(c.unit());
        if (!(v.value() >= c.validMin() && v.value() <= c.validMax())) {
          sb.append(" (out of range)");
          inRange = false;
        }
      }
      return new CheckItem("sensor", s.id(), inRange ? CheckItem.Verdict.OK : CheckItem.Verdict.WARN, sb.toString(),
          inRange ? "" : "a value out of its valid range is a sensor fault: check the probe and its wiring");
    } catch (TimeoutException e) {
      f.cancel(true);
      return CheckItem.fail("sensor", s.id(), "no answer within " + SENSOR_TIMEOUT_MILLIS / 1000 + " s", hint(s));
    } catch (Exception e) {
      Throwable t = e.getCause() != null && e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      return CheckItem.fail("sensor", s.id(), t.getMessage() == null ? t.toString() : t.getMessage(), hint(s));
    }
  }

  /** What each serial bus saw of line noise while its sensors were read once. */
  private void lineNoise(Hardware hw) {
    hw.lineNoise().forEach((bus, n) -> {
      boolean clean = n.values().stream().allMatch(v -> v == 0);
      items.add(new CheckItem("bus", bus, clean ? CheckItem.Verdict.OK : CheckItem.Verdict.WARN, n.get("noiseBytes")
          + " noise bytes, " + n.get("crcErrors") + " CRC errors, " + n.get("frameErrors") + " garbled replies",
          clean ? "" : "noise on RS-485: check A/B wiring, a 120 Ohm terminator at both ends, shield to ground at one "
          + "end only, and that every device uses the same baud rate and parity"));
    });
  }

  private static String hint(GatewayConfig.Sensor s) {
    return switch (s.driver().type()) {
      case "modbus" -> "is the RS-485 adapter plugged in (ls -l /dev/serial/by-id/)? A/B swapped? slave address and "
          + "baud right? termination at both ends?";
      case "bme280", "ads1115" -> "I2C enabled (raspi-config)? address right (i2cdetect -y 1)? wiring SDA/SCL/3V3?";
      case "ds18b20" -> "1-Wire enabled (dtoverlay=w1-gpio)? 4.7 kOhm pull-up? device id (ls /sys/bus/w1/devices)?";
      default -> "GPIO accessible (group gpio)? pin number (BCM) right?";
    };
  }

  private void uplink() {
    if (config.mqtt().isEmpty()) {
      items.add(new CheckItem("uplink", "mqtt", CheckItem.Verdict.SKIP, "no uplink configured: data stay buffered",
          ""));
      return;
    }
    items.addAll(MqttProbe.probe(Uplinks.mqttSettings(config.mqtt().get()), NET_TIMEOUT_MILLIS));
  }

  /** The CoAP uplink, when configured: a CoAP ping (after the DTLS handshake for coaps) must be answered. */
  private void coapUplink() {
    if (config.coap().isEmpty()) return;
    CoapSettings s = Uplinks.coapSettings(config.coap().get());
    String item = s.uri().toString();
    CoapUplink u = new CoapUplink(s, (topic, format, payload, reason) -> { }, Clock.systemUTC(),
        new SplittableRandom());
    try {
      u.start();
      if (u.awaitOnline(Duration.ofMillis(NET_TIMEOUT_MILLIS))) {
        items.add(CheckItem.ok("uplink", "coap " + item, s.secure() ? "DTLS handshake with the PSK and CoAP ping "
            + "answered" : "CoAP ping answered"));
      } else {
        items.add(CheckItem.fail("uplink", "coap " + item, String.valueOf(u.state().lastError()), s.secure()
            ? "is the platform's CoAP server up and UDP " + s.uri().getPort() + " open? are the PSK identity and key "
            + "the ones the platform has for this gateway?" : "is the platform's CoAP server up and UDP open?"));
      }
    } catch (IOException e) {
      items.add(CheckItem.fail("uplink", "coap " + item, e.getMessage(), "are the PSK files there and readable by "
          + "the service user?"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      u.stop();
    }
  }

  private void buffer() {
    Path file = config.buffer().file();
    try {
      OutboxInspector.Depth d = OutboxInspector.inspect(file);
      String oldest = d.oldestMillis() == 0 ? "empty" : "oldest " + Instant.ofEpochMilli(d.oldestMillis());
      items.add(new CheckItem("buffer", file.getFileName().toString(), d.integrity().equals("ok")
          ? CheckItem.Verdict.OK : CheckItem.Verdict.FAIL, d.events() + " events, " + d.telemetry() + " readings, "
          + oldest + ", " + d.bytes() / 1024 + " KiB, integrity " + d.integrity(),
          d.integrity().equals("ok") ? "" : "stop the gateway, move the file aside and report it"));
    } catch (IOException e) {
      items.add(new CheckItem("buffer", file.getFileName().toString(), CheckItem.Verdict.SKIP, e.getMessage(), ""));
    }
  }

  /**
   * Secret files (password, private key) must not be readable by others; the config holds no secrets, but nobody
   * except root should be able to change it (it decides what the valves do).
   */
  private void permissions() {
    List<Path> secrets = new ArrayList<>();
    config.mqtt().ifPresent(m -> {
      if (m.passwordFile() != null) secrets.add(m.passwordFile());
      if (m.clientKeyFile() != null) secrets.add(m.clientKeyFile());
    });
    config.coap().ifPresent(c -> {
      if (c.pskIdentityFile() != null) secrets.add(c.pskIdentityFile());
      if (c.pskFile() != null) secrets.add(c.pskFile());
    });
    config.localServer().ifPresent(l -> {
      if (l.pskIdentityFile() != null) secrets.add(l.pskIdentityFile());
      if (l.pskFile() != null) secrets.add(l.pskFile());
    });
    config.console().ifPresent(c -> {
      if (c.keyFile() != null) secrets.add(c.keyFile());
    });
    List<Path> files = new ArrayList<>(secrets);
    files.add(config.file());
    for (Path p : files) {
      boolean secret = secrets.contains(p);
      if (secret && !Files.isReadable(p)) {
        items.add(CheckItem.fail("files", p.toString(), Files.exists(p) ? "secret file not readable" : "secret file "
            + "missing", "create it (one line, no other text) readable by the service user: chmod 640, chgrp "
            + "edge-gateway"));
        continue;
      }
      try {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
        boolean tooOpen = perms.contains(PosixFilePermission.OTHERS_WRITE)
            || (secret && perms.contains(PosixFilePermission.OTHERS_READ))
            || (!secret && perms.contains(PosixFilePermission.GROUP_WRITE));
        if (tooOpen) {
          items.add(new CheckItem("files", p.toString(), CheckItem.Verdict.WARN, (secret ? "secret " : "")
              + "file too open (" + java.nio.file.attribute.PosixFilePermissions.toString(perms) + ")",
              secret ? "chmod 640 " + p + "; chgrp edge-gateway " + p : "chmod 644 " + p + " (owner root)"));
        }
      } catch (IOException | UnsupportedOperationException e) {
        items.add(new CheckItem("files", p.toString(), CheckItem.Verdict.WARN, "cannot read permissions: "
            + e.getMessage(), "check the file exists and is readable by the gateway"));
      }
    }
  }

  /** Prints the items as a table (or JSON) and returns the exit code: 1 if any failed, else 0. */
  static int print(List<CheckItem> items, Path file, boolean json, PrintStream out) throws IOException {
    long failed = items.stream().filter(i -> i.verdict() == CheckItem.Verdict.FAIL).count();
    long warned = items.stream().filter(i -> i.verdict() == CheckItem.Verdict.WARN).count();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("config", file.toString());
      doc.put("items", items);
      doc.put("failed", failed);
      doc.put("warnings", warned);
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
      return failed > 0 ? 1 : 0;
    }
    out.println("edge-gateway check of " + file);
    out.printf("%-8s %-34s %-5s %s%n", "SECTION", "ITEM", "", "DETAIL");
    for (CheckItem i : items) {
      out.printf("%-8s %-34s %-5s %s%n", i.section(), i.item(), i.verdict(), i.detail());
      if (!i.hint().isEmpty()) out.printf("%-8s %-34s %-5s -> %s%n", "", "", "", i.hint());
    }
    out.println(failed == 0 ? "RESULT: all required checks passed" + (warned > 0 ? " (" + warned + " warnings)" : "")
        : "RESULT: " + failed + " failed, " + warned + " warnings");
    return failed > 0 ? 1 : 0;
  }
}
