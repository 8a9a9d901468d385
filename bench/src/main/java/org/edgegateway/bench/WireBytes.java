// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.senml.EncodedPack;
import org.edgegateway.uplink.senml.SenmlDecoder;
import org.edgegateway.uplink.senml.SenmlEncoder;
import org.edgegateway.uplink.senml.SenmlFormat;

/**
 * Bytes on the wire per reading (docs/BENCHMARKS.md section 4): the readings of {@link WireSite} sent as SenML
 * packs (the gateway's own encoder, JSON and CBOR) of 1, 10, 50 and 200 readings and as the gateway ships them
 * (packs up to 1024 bytes), against the baseline of one JSON object per reading in its own MQTT message. On-wire
 * bytes add the MQTT 3.1.1 PUBLISH of each message at QoS 1: fixed header, remaining length, topic, packet id.
 * Every pack is decoded again and checked against the readings it holds. Two channel mixes ({@link WireSite}).
 * Arguments: {@code [minutes] [--example]}.
 */
public final class WireBytes {
  static final String TOPIC = "city/demo-park/" + WireSite.GATEWAY + "/telemetry";
  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private WireBytes() {}

  public static void main(String[] args) throws IOException {
    int minutes = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 10;
    System.out.println(Machine.describe());
    System.out.println("# on-wire = payload + MQTT 3.1.1 PUBLISH header at QoS 1 (1 + remaining-length bytes + 2 + "
        + "topic + 2 packet id); PUBACK (4 B back), TCP/IP and TLS not counted");
    System.out.println("# vs baseline: on-wire bytes per reading / those of one JSON object per reading in its own"
        + " message (same readings, same run)");
    table("demo (config/demo.yaml devices + the gateway's own telemetry)", WireSite.readings(minutes, 1, false),
        minutes);
    List<Reading> site = WireSite.readings(minutes, 1, true);
    table("site (demo + 2 Modbus probes + 3 valve contacts)", site, minutes);
    names(site);
    if (List.of(args).contains("--example")) examples(site);
  }

  private static void table(String mix, List<Reading> readings, int minutes) throws IOException {
    long channels = readings.stream().map(Reading::channel).distinct().count();
    System.out.printf("%n## %s: %d readings of %d channels over %d simulated minutes; topic %s (%d B)%n", mix,
        readings.size(), channels, minutes, TOPIC, TOPIC.length());
    Totals baseline = objects(readings);
    System.out.printf("%-22s %6s %9s %11s %11s %13s%n", "format", "pack", "messages", "payload B/r",
        "on-wire B/r", "vs baseline");
    row("json-object/reading", "1", baseline, baseline);
    for (SenmlFormat format : SenmlFormat.values()) {
      String name = "senml-" + format.name().toLowerCase(java.util.Locale.ROOT);
      for (int size : new int[] {1, 10, 50, 200}) {
        row(name, String.valueOf(size), packs(readings, format, size, Integer.MAX_VALUE), baseline);
      }
      // As the gateway ships: packs up to pack-max-bytes 1024 from batches of 1024 / 16 = 64 readings.
      row(name, "<=1024B", packs(readings, format, 64, 1024), baseline);
    }
  }

  /**
   * What the names cost on the site mix, CBOR packs of 50: the same readings with each channel id cut to one or two
   * letters, and with the channel ids in full but without the gateway's prefix (bn); everything else (values,
   * times, units, grouping) as shipped. Shows how much of the bytes no layout of the records could save.
   */
  private static void names(List<Reading> site) throws IOException {
    Map<String, String> shortIds = new HashMap<>();
    List<Reading> shortNamed = new ArrayList<>(site.size());
    for (Reading r : site) {
      String id = shortIds.computeIfAbsent(r.channel(), c -> Integer.toString(shortIds.size(), 36));
      shortNamed.add(new Reading(id, r.timeMillis(), r.value(), r.unit(), r.quality()));
    }
    Totals noPrefix = packs(site, SenmlFormat.CBOR, 50, Integer.MAX_VALUE, "");
    Totals tiny = packs(shortNamed, SenmlFormat.CBOR, 50, Integer.MAX_VALUE, "");
    System.out.printf("# names, site mix, senml-cbor packs of 50, on-wire B/r (as shipped: the row above): without the"
        + " gateway's prefix %.2f; channel ids of 1-2 letters, no prefix %.2f%n", perReading(noPrefix),
        perReading(tiny));
  }

  private static double perReading(Totals t) {
    return (double) t.wire() / t.readings();
  }

  /** Bytes and messages of a way of sending the readings. */
  record Totals(long readings, long messages, long payload, long wire) {}

  private static void row(String format, String pack, Totals t, Totals baseline) {
    double wire = (double) t.wire() / t.readings();
    double base = (double) baseline.wire() / baseline.readings();
    System.out.printf("%-22s %6s %9d %11.2f %11.2f %8.3f (1/%.1f)%n", format, pack, t.messages(),
        (double) t.payload() / t.readings(), wire, wire / base, base / wire);
  }

  /** The baseline: {"gateway":..,"sensor":..,"ts":..,"value":..,"unit":..} per reading, one message each. */
  static Totals objects(List<Reading> readings) {
    long payload = 0;
    long wire = 0;
    for (Reading r : readings) {
      int n = object(r).length;
      payload += n;
      wire += n + publishOverhead(TOPIC, n);
    }
    return new Totals(readings.size(), readings.size(), payload, wire);
  }

  /** One reading as the common gateway JSON object; a non-ok reading adds "quality", NaN is null. */
  static byte[] object(Reading r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("gateway", WireSite.GATEWAY);
      g.writeStringField("sensor", r.channel());
      g.writeStringField("ts", ISO.format(Instant.ofEpochMilli(r.timeMillis())));
      g.writeFieldName("value");
      if (Double.isFinite(r.value())) {
        g.writeNumber(r.value());
      } else {
        g.writeNull();
      }
      g.writeStringField("unit", r.unit());
      if (!r.isOk()) g.writeStringField("quality", r.quality().wireName());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Consecutive packs of up to {@code size} readings, each bounded by {@code maxBytes}, decoded and checked. */
  static Totals packs(List<Reading> readings, SenmlFormat format, int size, int maxBytes) throws IOException {
    return packs(readings, format, size, maxBytes, WireSite.GATEWAY + "/");
  }

  private static Totals packs(List<Reading> readings, SenmlFormat format, int size, int maxBytes, String baseName)
      throws IOException {
    SenmlEncoder encoder = new SenmlEncoder(format, baseName);
    SenmlDecoder decoder = new SenmlDecoder(format);
    long payload = 0;
    long wire = 0;
    long messages = 0;
    for (int at = 0; at < readings.size(); messages++) {
      List<Reading> offered = readings.subList(at, Math.min(readings.size(), at + size));
      EncodedPack pack = encoder.encode(offered, 1000 + messages, maxBytes);
      check(offered.subList(0, pack.count()), decoder.decode(pack.bytes()).items(), baseName);
      payload += pack.bytes().length;
      wire += pack.bytes().length + publishOverhead(TOPIC, pack.bytes().length);
      at += pack.count();
    }
    return new Totals(readings.size(), messages, payload, wire);
  }

  /** MQTT 3.1.1 PUBLISH at QoS 1: fixed header byte, remaining length, topic with its length, packet id. */
  static int publishOverhead(String topic, int payload) {
    int remaining = 2 + topic.getBytes(StandardCharsets.UTF_8).length + 2 + payload;
    int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
    return 1 + lengthBytes + remaining - payload;
  }

  /** Decoded readings are the sent ones with the base name, in order per channel. */
  private static void check(List<Reading> sent, List<Reading> decoded, String baseName) {
    Map<String, List<Reading>> want = new HashMap<>();
    for (Reading r : sent) {
      want.computeIfAbsent(r.channel(), c -> new ArrayList<>()).add(new Reading(baseName + r.channel(),
          r.timeMillis(), r.value(), r.unit(), r.quality()));
    }
    Map<String, List<Reading>> got = new HashMap<>();
    for (Reading r : decoded) {
      got.computeIfAbsent(r.channel().substring(baseName.length()), c -> new ArrayList<>()).add(r);
    }
    if (!want.equals(got)) throw new IllegalStateException("pack does not decode to its readings: " + got);
  }

  private static void examples(List<Reading> readings) {
    List<Reading> ten = readings.subList(0, 10);
    System.out.println("\n# example: the first 10 readings");
    ten.forEach(r -> System.out.println("#   " + new String(object(r), StandardCharsets.UTF_8)));
    byte[] json = new SenmlEncoder(SenmlFormat.JSON, WireSite.GATEWAY + "/").encode(ten, 1000, 1 << 20).bytes();
    System.out.println("# senml-json (" + json.length + " B): " + new String(json, StandardCharsets.UTF_8));
    byte[] cbor = new SenmlEncoder(SenmlFormat.CBOR, WireSite.GATEWAY + "/").encode(ten, 1000, 1 << 20).bytes();
    System.out.println("# senml-cbor (" + cbor.length + " B): " + HexFormat.of().formatHex(cbor));
  }
}
