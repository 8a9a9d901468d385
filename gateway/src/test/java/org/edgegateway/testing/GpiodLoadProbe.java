// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import com.pi4j.library.gpiod.internal.GpioD;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Proves that pi4j 2.8's gpiod JNI library loads and calls into libgpiod on the JVM it runs on, for
 * {@code .ci/arm-check} under qemu-user. Off a Raspberry Pi pi4j's default loader extracts its natives but skips
 * {@code System.load} (its board check fails), so the caller sets {@code pi4j.library.path}: {@code system} (then
 * libpi4j-gpiod.so from {@code java.library.path} links against the distribution's libgpiod.so.2) or a directory
 * holding pi4j's own libgpiod.so and libpi4j-gpiod.so. Then, with no GPIO chip on the machine, the chip iterator
 * finds none and opening {@code /dev/gpiochip0} fails with libgpiod's error: the expected "no chip" ending.
 *
 * <p>Usage: {@code GpiodLoadProbe EXPECTED_LIBGPIOD_DIR}. Exit 0 when both libraries were mapped, libgpiod from
 * that directory, and the native calls behaved as on a machine without a chip; 1 otherwise. pi4j's entry points are
 * package-private, hence the reflection: this is a probe of a third party's native layer, not gateway code
 * (allowed by file in import-control.xml).
 */
public final class GpiodLoadProbe {
  private GpiodLoadProbe() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) throw new IllegalArgumentException("usage: GpiodLoadProbe EXPECTED_LIBGPIOD_DIR");
    System.out.println("os.arch " + System.getProperty("os.arch") + ", pi4j.library.path "
        + System.getProperty("pi4j.library.path"));
    Class<?> gpiod = Class.forName(GpioD.class.getName()); // initialises it: runs pi4j's NativeLibraryLoader
    String libgpiod = mapped("libgpiod");
    String jni = mapped("libpi4j-gpiod");
    System.out.println("mapped libgpiod: " + libgpiod);
    System.out.println("mapped libpi4j-gpiod: " + jni);
    if (jni == null || libgpiod == null) fail("pi4j's loader returned without loading both libraries");
    if (!libgpiod.startsWith(args[0])) fail("libgpiod came from " + libgpiod + ", expected it under " + args[0]);

    long iterator = (Long) call(gpiod, "chipIterNew", new Class<?>[0]);
    Object chip = call(gpiod, "chipIterNextNoClose", new Class<?>[] {long.class}, iterator);
    call(gpiod, "chipIterFree", new Class<?>[] {long.class}, iterator);
    boolean noChip = !Files.exists(Path.of("/dev/gpiochip0"));
    System.out.println("gpiod_chip_iter: " + (chip == null ? "no chip" : "a chip"));
    if (noChip && chip != null) fail("the chip iterator found a chip where /dev has none");
    if (noChip) {
      try {
        call(gpiod, "chipOpen", new Class<?>[] {String.class}, "/dev/gpiochip0");
        fail("opening /dev/gpiochip0 succeeded where it does not exist");
      } catch (InvocationTargetException e) {
        String message = String.valueOf(e.getCause().getMessage());
        System.out.println("gpiod_chip_open(/dev/gpiochip0): " + e.getCause().getClass().getSimpleName() + ": "
            + message);
        if (!message.contains("No such file or directory")) fail("unexpected error from libgpiod: " + message);
      }
    }
    System.out.println("GPIOD-PROBE OK " + libgpiod);
  }

  private static Object call(Class<?> type, String name, Class<?>[] parameters, Object... args)
      throws ReflectiveOperationException {
    Method m = type.getDeclaredMethod(name, parameters);
    m.setAccessible(true);
    return m.invoke(null, args);
  }

  /** The path of the first file mapped into this process whose name starts with {@code prefix}, or null. */
  private static String mapped(String prefix) throws java.io.IOException {
    List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
    for (String line : maps) {
      int slash = line.indexOf('/');
      if (slash < 0) continue;
      String path = line.substring(slash);
      String name = path.substring(path.lastIndexOf('/') + 1);
      if (name.startsWith(prefix + ".so")) return path;
    }
    return null;
  }

  private static void fail(String why) {
    System.out.println("GPIOD-PROBE FAIL " + why);
    System.exit(1);
  }
}
