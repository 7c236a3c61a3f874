package dev.s2lite.emulator.snapshot;

/** A snapshot file that cannot be restored: which line, and why. Nothing was changed. */
public final class SnapshotException extends RuntimeException {
  public SnapshotException(int line, String problem) {
    super(line > 0 ? "invalid snapshot, line " + line + ": " + problem : "invalid snapshot: " + problem);
  }
}
