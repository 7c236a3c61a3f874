package dev.s2lite.emulator.record;

/**
 * What the data plane reports about each append batch, in lite's order: admission (validated,
 * stream resolved, before sequencing), the in-flight budget permit, then the durable ack.
 */
public interface AppendListener {

  AppendListener NONE = new AppendListener() {};

  /** A batch asked for admission: counted even if sequencing then rejects it. */
  default void admitted(int records, long meteredBytes) {}

  /** The batch got its in-flight budget permit after waiting this long. */
  default void permitted(long waitNanos) {}

  /** The batch became durable this long after it was handed to its stream. */
  default void acked(long nanos) {}
}
