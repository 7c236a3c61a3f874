package dev.s2lite.emulator.store.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/** The G1 region size of this JVM, where it can be known. */
final class G1Regions {

  private G1Regions() {}

  /** G1's region size in bytes, or 0 when another collector runs or the JVM does not say (no jdk.management). */
  static long regionBytes() {
    try {
      HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      if (hotspot == null || !Boolean.parseBoolean(hotspot.getVMOption("UseG1GC").getValue())) {
        return 0;
      }
      return Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue());
    } catch (RuntimeException | LinkageError unknown) {
      return 0;
    }
  }
}
