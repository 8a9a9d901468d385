// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.modbus.ModbusCrc;
import org.edgegateway.drivers.serial.SerialLink;

/**
 * Modbus RTU slaves answering function 03/04 from fixed registers on the far end of a serial link, on a thread of
 * their own, with a switchable {@link Behaviour}: correct, line noise (random bytes between requests), slow (after
 * the master's timeout), half (the first half of each reply). Survives the port vanishing (the link reopens it).
 * A smaller cousin of the drivers module's simulator, for whole-gateway tests.
 */
public final class ModbusSlave implements AutoCloseable {
  /** How the slaves answer. */
  public enum Behaviour { CORRECT, NOISE, SLOW, HALF }

  private final SerialLink link;
  private final Map<Integer, int[]> registers = new ConcurrentHashMap<>();
  private final Random random = new Random(11);
  private final Thread thread;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong noiseBytes = new AtomicLong();
  private volatile Behaviour behaviour = Behaviour.CORRECT;
  private volatile long slowNanos = TimeUnit.MILLISECONDS.toNanos(900);
  private volatile boolean running = true;

  public ModbusSlave(SerialLink link) {
    this.link = link;
    this.thread = new Thread(this::serve, "modbus-slave");
    thread.setDaemon(true);
    thread.start();
  }

  public void slave(int id, int... values) {
    registers.put(id, values.clone());
  }

  public void behave(Behaviour b) {
    behaviour = b;
  }

  public long requests() {
    return requests.get();
  }

  public long noiseBytes() {
    return noiseBytes.get();
  }

  @Override
  public void close() throws IOException {
    running = false;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    link.close();
  }

  private void serve() {
    byte[] buf = new byte[256];
    int len = 0;
    while (running) {
      try {
        int n = link.read(buf, len, buf.length - len, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(15));
        if (n == 0) {
          len = 0; // A pause ends any partial frame.
          if (behaviour == Behaviour.NOISE && random.nextInt(4) == 0) noise();
          continue;
        }
        len += n;
        if (len >= 8) {
          byte[] frame = Arrays.copyOf(buf, 8);
          len = 0;
          if (ModbusCrc.check(frame, 0, 8)) answer(frame);
        }
      } catch (DeviceException gone) {
        // The adapter is unplugged: wait for it like a device would; the link reopens the port by itself.
        len = 0;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      } catch (IOException e) {
        len = 0;
      }
    }
  }

  private void noise() throws IOException {
    byte[] junk = new byte[1 + random.nextInt(12)];
    random.nextBytes(junk);
    link.write(junk);
    noiseBytes.addAndGet(junk.length);
  }

  private void answer(byte[] f) throws IOException {
    int[] regs = registers.get(f[0] & 0xFF);
    int fc = f[1] & 0xFF;
    if (regs == null || (fc != 3 && fc != 4)) return;
    requests.incrementAndGet();
    int address = ((f[2] & 0xFF) << 8) | (f[3] & 0xFF);
    int count = ((f[4] & 0xFF) << 8) | (f[5] & 0xFF);
    byte[] r;
    if (address + count > regs.length) {
      r = new byte[] {f[0], (byte) (fc | 0x80), 2};
    } else {
      r = new byte[3 + 2 * count];
      r[0] = f[0];
      r[1] = f[1];
      r[2] = (byte) (2 * count);
      for (int i = 0; i < count; i++) {
        r[3 + 2 * i] = (byte) (regs[address + i] >>> 8);
        r[4 + 2 * i] = (byte) regs[address + i];
      }
    }
    byte[] reply = ModbusCrc.append(r);
    switch (behaviour) {
      case SLOW -> {
        LockSupport.parkNanos(slowNanos); // A device that answers after the master gave up.
        link.write(reply);
      }
      case HALF -> link.write(Arrays.copyOf(reply, reply.length / 2));
      default -> link.write(reply);
    }
  }
}
