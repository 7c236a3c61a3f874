package dev.s2lite.emulator.auth;

/** The read and write permissions of one operation group level. */
public record ReadWrite(boolean read, boolean write) {

  public static final ReadWrite NONE = new ReadWrite(false, false);
  public static final ReadWrite READ_ONLY = new ReadWrite(true, false);
  public static final ReadWrite READ_WRITE = new ReadWrite(true, true);

  boolean grants(Operation op) {
    return op.isWrite() ? write : read;
  }
}
