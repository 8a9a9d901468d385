// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.sampling;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Item;
import org.edgegateway.data.Reading;
import org.edgegateway.drivers.Sensor;
import org.tinylog.Logger;

/**
 * Reads every sensor at its interval on its bus's own thread (one per serial/I2C/1-Wire bus, one for GPIO, one
 * for simulated devices), so a slow or dead device delays only its own bus. Each reading is published to
 * {@link LatestValues} for the loop and handed to the buffer.
 */
public final class Sampler implements AutoCloseable {
  private final Clock clock;
  private final LongSupplier nanos;
  private final LatestValues latest;
  private final Consumer<Item> sink;
  private final Map<String, List<ChannelReader>> byGroup = new LinkedHashMap<>();
  private final List<ScheduledExecutorService> executors = new ArrayList<>();
  private final Map<String, ScheduledExecutorService> groupExecutors = new LinkedHashMap<>();

  public Sampler(Clock clock, LongSupplier nanos, LatestValues latest, Consumer<Item> sink) {
    this.clock = clock;
    this.nanos = nanos;
    this.latest = latest;
    this.sink = sink;
  }

  /** Adds a sensor; {@code clockPlausible} says whether timestamps can be trusted yet. */
  public void add(GatewayConfig.Sensor config, Sensor sensor, BooleanSupplier clockPlausible) {
    String group = config.bus() != null ? config.bus() : config.driver().type().startsWith("sim-") ? "sim" : "gpio";
    byGroup.computeIfAbsent(group, g -> new ArrayList<>()).add(new ChannelReader(config, sensor, clockPlausible));
  }

  /**
   * Starts one thread per bus; every sensor is read once at once, then at its interval. Reads due less than a
   * quarter interval after the previous read ended (missed during a stall) are skipped.
   */
  public synchronized void start() {
    for (Map.Entry<String, List<ChannelReader>> e : byGroup.entrySet()) {
      ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "sampler-" + e.getKey());
        t.setDaemon(true);
        return t;
      });
      ex.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
      ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      for (ChannelReader reader : e.getValue()) {
        long period = reader.config().interval().toMillis();
        long[] last = {nanos.getAsLong() - TimeUnit.MILLISECONDS.toNanos(period)};
        ex.scheduleAtFixedRate(() -> {
          // After a stall the executor runs the missed reads back to back: skip them, so that a bus gets no burst
          // and no two readings of a channel share a millisecond.
          if (nanos.getAsLong() - last[0] < TimeUnit.MILLISECONDS.toNanos(period) / 4) return;
          sampleOnce(reader);
          last[0] = nanos.getAsLong();
        }, 0, period, TimeUnit.MILLISECONDS);
      }
      executors.add(ex);
      groupExecutors.put(e.getKey(), ex);
    }
  }

  /**
   * Reads {@code sensorId} once more as soon as its bus's thread is free (never beside another read of that bus),
   * publishing the readings as usual; for the web console's "read now". Fails for an unknown sensor.
   */
  public synchronized CompletableFuture<List<Reading>> readNow(String sensorId) {
    for (Map.Entry<String, List<ChannelReader>> e : byGroup.entrySet()) {
      for (ChannelReader reader : e.getValue()) {
        if (!reader.config().id().equals(sensorId)) continue;
        ScheduledExecutorService ex = groupExecutors.get(e.getKey());
        if (ex == null) return CompletableFuture.failedFuture(new IllegalStateException("sampler not started"));
        CompletableFuture<List<Reading>> f = new CompletableFuture<>();
        try {
          ex.execute(() -> {
            try {
              List<Reading> readings = reader.read(clock.millis());
              for (Reading r : readings) {
                latest.publish(r, nanos.getAsLong());
                sink.accept(r);
              }
              f.complete(readings);
            } catch (RuntimeException x) {
              f.completeExceptionally(x);
            }
          });
        } catch (java.util.concurrent.RejectedExecutionException x) {
          f.completeExceptionally(new IllegalStateException("sampler stopping"));
        }
        return f;
      }
    }
    return CompletableFuture.failedFuture(new IllegalArgumentException("unknown sensor '" + sensorId + "'"));
  }

  /** Reads one sensor now and publishes its readings; used by the threads and by tests driving time. */
  void sampleOnce(ChannelReader reader) {
    try {
      for (Reading r : reader.read(clock.millis())) {
        latest.publish(r, nanos.getAsLong());
        sink.accept(r);
      }
    } catch (RuntimeException e) {
      // Never let a scheduled task die: that would silently stop the sensor's sampling.
      Logger.error(e, "sampling {} failed unexpectedly", reader.config().id());
    }
  }

  /** Reads every sensor once, on the caller's thread (for tests and the commissioning check). */
  public void sampleAllOnce() {
    byGroup.values().forEach(list -> list.forEach(this::sampleOnce));
  }

  /** Faulty readings per channel id, for the status. */
  public Map<String, Long> errors() {
    Map<String, Long> out = new LinkedHashMap<>();
    byGroup.values().forEach(list -> list.forEach(r -> out.putAll(r.errors())));
    return out;
  }

  /** Stops the threads (bounded wait) and closes the sensors; idempotent. */
  @Override
  public synchronized void close() {
    executors.forEach(ScheduledExecutorService::shutdownNow);
    for (ScheduledExecutorService ex : executors) {
      try {
        if (!ex.awaitTermination(1, TimeUnit.SECONDS)) Logger.warn("a sampler thread did not stop within 1 s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    executors.clear();
    for (List<ChannelReader> list : byGroup.values()) {
      for (ChannelReader r : list) {
        try {
          r.sensor().close();
        } catch (Exception e) {
          Logger.warn("closing sensor {}: {}", r.config().id(), e.getMessage());
        }
      }
    }
    byGroup.clear();
  }
}
