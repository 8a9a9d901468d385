// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.serial.SerialLink;
import org.edgegateway.drivers.serial.SerialSettings;
import org.tinylog.Logger;

/**
 * Modbus RTU master on one serial bus: function codes 03, 04, 06 and 16 to any number of slaves, one request at
 * a time. Before each request it keeps the bus silent for 3.5 characters (1.75 ms above 19200 baud) and drops
 * stale input. Each attempt waits at most the response timeout; timeouts, CRC errors, malformed frames and
 * replies from the wrong slave are retried up to {@code retries} times, exception responses are not. One attempt
 * takes about timeout + 50 ms when nothing answers, and at most about 2 × timeout + frame time + 60 ms when a
 * device keeps talking; a call makes {@code retries + 1} attempts at most. Register values are unsigned 16-bit.
 */
public final class ModbusRtuMaster {
  /** Most registers one read (03/04) may ask for. */
  public static final int MAX_READ_REGISTERS = 125;
  /** Most registers one write (16) may carry. */
  public static final int MAX_WRITE_REGISTERS = 123;
  private static final long MIN_SILENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Checks a CRC-valid reply from the right slave against its request; throws if they do not belong together. */
  private interface ReplyCheck {
    void check(byte[] request, byte[] reply) throws ModbusException;
  }

  private final SerialLink link;
  private final String port;
  private final long timeoutNanos;
  private final int retries;
  private final long charNanos;
  private final long gapNanos;
  private final long silenceNanos;
  private final RtuReplyReader reader;
  private final ReentrantLock bus = new ReentrantLock();
  private final AtomicLong noiseBytes = new AtomicLong();
  private final AtomicLong noiseEvents = new AtomicLong();
  private final AtomicLong crcErrors = new AtomicLong();
  private final AtomicLong frameErrors = new AtomicLong();
  private long lastActivityNanos;

  /**
   * @param responseTimeout how long one attempt waits for a reply to begin after the request was sent
   * @param retries further attempts after a timeout, CRC error, malformed reply or reply from another slave
   */
  public ModbusRtuMaster(SerialLink link, Duration responseTimeout, int retries) {
    this.link = Objects.requireNonNull(link, "link");
    if (responseTimeout.isNegative() || responseTimeout.isZero()) {
      throw new IllegalArgumentException("response timeout not positive: " + responseTimeout);
    }
    if (retries < 0 || retries > 10) throw new IllegalArgumentException("retries out of range 0..10: " + retries);
    SerialSettings settings = link.settings();
    this.port = settings.port();
    this.timeoutNanos = responseTimeout.toNanos();
    this.retries = retries;
    this.charNanos = settings.characterNanos();
    this.gapNanos = silentIntervalNanos(settings);
    this.silenceNanos = Math.max(MIN_SILENCE_NANOS, 4 * gapNanos);
    this.reader = new RtuReplyReader(link, silenceNanos, charNanos);
    this.lastActivityNanos = System.nanoTime() - gapNanos;
  }

  /** The 3.5-character inter-frame gap of the Modbus serial line spec, fixed at 1.75 ms above 19200 baud. */
  public static long silentIntervalNanos(SerialSettings settings) {
    return settings.baud() > 19_200 ? 1_750_000L : settings.characterNanos() * 7 / 2;
  }

  /** The serial port this master drives. */
  public String port() {
    return port;
  }

  /** Function 03: {@code count} holding registers from {@code address}. */
  public int[] readHoldingRegisters(int slave, int address, int count) throws IOException {
    return readRegisters(slave, 3, address, count);
  }

  /** Function 04: {@code count} input registers from {@code address}. */
  public int[] readInputRegisters(int slave, int address, int count) throws IOException {
    return readRegisters(slave, 4, address, count);
  }

  /** Function 03 or 04: {@code count} (1..125) registers from {@code address}, as unsigned 16-bit values. */
  public int[] readRegisters(int slave, int function, int address, int count) throws IOException {
    if (function != 3 && function != 4) throw new IllegalArgumentException("not a read function: " + function);
    checkSlave(slave);
    checkRange(address, count, MAX_READ_REGISTERS);
    String what = String.format("fc %02d read %d register(s) at %d", function, count, address);
    // The reader only accepts a reply whose byte count matches, so there is nothing left to check here.
    byte[] reply = transact(slave, new byte[] {(byte) function, hi(address), lo(address), hi(count), lo(count)},
        2 * count, what, (request, r) -> { });
    int[] values = new int[count];
    for (int i = 0; i < count; i++) values[i] = ((reply[3 + 2 * i] & 0xFF) << 8) | (reply[4 + 2 * i] & 0xFF);
    return values;
  }

  /** Function 06: writes one register; {@code value} may be given signed (-32768..-1) or unsigned. */
  public void writeSingleRegister(int slave, int address, int value) throws IOException {
    checkSlave(slave);
    checkRange(address, 1, 1);
    checkValue(value);
    String what = String.format("fc 06 write register %d", address);
    transact(slave, new byte[] {6, hi(address), lo(address), hi(value), lo(value)}, 0, what, (request, r) -> {
      if (!Arrays.equals(request, 0, 6, r, 0, 6)) {
        throw new ModbusFrameException(device(slave), what + ": echo differs: " + RtuReplyReader.hex(r, 0, 8));
      }
    });
  }

  /** Function 16: writes 1..123 consecutive registers from {@code address}. */
  public void writeMultipleRegisters(int slave, int address, int... values) throws IOException {
    checkSlave(slave);
    checkRange(address, values.length, MAX_WRITE_REGISTERS);
    byte[] pdu = new byte[6 + 2 * values.length];
    pdu[0] = 16;
    pdu[1] = hi(address);
    pdu[2] = lo(address);
    pdu[3] = hi(values.length);
    pdu[4] = lo(values.length);
    pdu[5] = (byte) (2 * values.length);
    for (int i = 0; i < values.length; i++) {
      checkValue(values[i]);
      pdu[6 + 2 * i] = hi(values[i]);
      pdu[7 + 2 * i] = lo(values[i]);
    }
    String what = String.format("fc 16 write %d register(s) at %d", values.length, address);
    transact(slave, pdu, 0, what, (request, r) -> {
      if (!Arrays.equals(request, 2, 6, r, 2, 6)) {
        throw new ModbusFrameException(device(slave), what + ": echo differs: " + RtuReplyReader.hex(r, 0, 8));
      }
    });
  }

  private byte[] transact(int slave, byte[] pdu, int byteCount, String what, ReplyCheck check) throws IOException {
    byte[] frame = new byte[pdu.length + 1];
    frame[0] = (byte) slave;
    System.arraycopy(pdu, 0, frame, 1, pdu.length);
    byte[] request = ModbusCrc.append(frame);
    lockBus();
    try {
      for (int attempt = 0; ; attempt++) {
        try {
          byte[] reply = exchange(slave, request, pdu[0], byteCount, what);
          check.check(request, reply);
          return reply;
        } catch (ModbusSlaveException e) {
          throw e;
        } catch (ModbusException e) {
          if (attempt >= retries) throw e;
          Logger.debug("{} (attempt {} of {}); retrying", e.getMessage(), attempt + 1, retries + 1);
        }
      }
    } finally {
      bus.unlock();
    }
  }

  /** One request and its reply; after a failed attempt, input is discarded until the bus goes quiet. */
  private byte[] exchange(int slave, byte[] request, int fc, int byteCount, String what) throws IOException {
    awaitSilentInterval();
    int stale = link.drain();
    if (stale > 0) noise(stale, "stale byte(s) before " + what);
    link.write(request);
    long sentAt = System.nanoTime() + request.length * charNanos;
    try {
      byte[] reply = reader.read(device(slave), what, fc, byteCount, sentAt + timeoutNanos, timeoutNanos / 1_000_000L);
      if (reader.skipped() > 0) noise(reader.skipped(), "byte(s) before the reply to " + what);
      int from = reply[0] & 0xFF;
      if (from != slave) {
        settle();
        throw new ModbusWrongSlaveException(device(slave), what + ": reply came from slave " + from, from);
      }
      if ((reply[1] & 0xFF) == (fc | 0x80)) throw new ModbusSlaveException(device(slave), what, reply[2] & 0xFF);
      return reply;
    } catch (ModbusTimeoutException | ModbusCrcException | ModbusFrameException e) {
      if (e instanceof ModbusCrcException) crcErrors.incrementAndGet();
      if (e instanceof ModbusFrameException) frameErrors.incrementAndGet();
      settle();
      throw e;
    } finally {
      lastActivityNanos = System.nanoTime();
    }
  }

  /** Discards input until it has been quiet for the silence limit, for one response timeout at most. */
  private void settle() throws IOException {
    byte[] scratch = new byte[256];
    long end = System.nanoTime() + timeoutNanos;
    long quietEnd = System.nanoTime() + silenceNanos;
    int discarded = 0;
    try {
      while (end - System.nanoTime() > 0) {
        int n = link.read(scratch, 0, scratch.length, quietEnd - end < 0 ? quietEnd : end);
        if (n == 0) return;
        discarded += n;
        quietEnd = System.nanoTime() + silenceNanos;
      }
    } finally {
      if (discarded > 0) noise(discarded, "byte(s) discarded after a failed exchange");
    }
  }

  /** Counts line noise; logs it the first ten times and then at powers of two, not at every frame. */
  private void noise(int bytes, String what) {
    long total = noiseBytes.addAndGet(bytes);
    long n = noiseEvents.incrementAndGet();
    if (n <= 10 || Long.bitCount(n) == 1) {
      Logger.warn("{}: line noise: {} {} ({} noise bytes in {} bursts so far; wiring, termination, baud rate?)", port,
          bytes, what, total, n);
    }
  }

  /**
   * What this bus has seen of line noise since it opened: bytes that were no part of a reply (skipped before one,
   * stale before a request, discarded after a failure), replies with a bad CRC, and truncated or garbled replies.
   */
  public LineNoise lineNoise() {
    return new LineNoise(noiseBytes.get(), crcErrors.get(), frameErrors.get());
  }

  /** Counts of {@link #lineNoise}. */
  public record LineNoise(long noiseBytes, long crcErrors, long frameErrors) {
    public static final LineNoise NONE = new LineNoise(0, 0, 0);
  }

  private void awaitSilentInterval() throws InterruptedIOException {
    long end = lastActivityNanos + gapNanos;
    for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
      if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException(port + ": interrupted");
    }
  }

  private void lockBus() throws IOException {
    long waitNanos = 2 * (retries + 1) * (2 * timeoutNanos + 2 * silenceNanos + 256 * charNanos);
    try {
      if (!bus.tryLock(waitNanos, TimeUnit.NANOSECONDS)) {
        throw new DeviceException(port, "bus busy for " + waitNanos / 1_000_000L + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(port + ": interrupted while waiting for the bus");
    }
  }

  private String device(int slave) {
    return port + " slave " + slave;
  }

  private static void checkSlave(int slave) {
    if (slave < 1 || slave > 247) throw new IllegalArgumentException("slave out of range 1..247: " + slave);
  }

  private static void checkRange(int address, int count, int max) {
    if (address < 0 || address > 0xFFFF) throw new IllegalArgumentException("register out of range: " + address);
    if (count < 1 || count > max) throw new IllegalArgumentException("register count out of range: " + count);
    if (address + count > 0x10000) throw new IllegalArgumentException("registers past 65535: " + address);
  }

  private static void checkValue(int value) {
    if (value < -0x8000 || value > 0xFFFF) throw new IllegalArgumentException("not a 16-bit value: " + value);
  }

  private static byte hi(int v) {
    return (byte) (v >>> 8);
  }

  private static byte lo(int v) {
    return (byte) v;
  }
}
