package dev.s2lite.emulator.session;

import dev.s2lite.emulator.error.S2Error;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Where an append session's inputs go: the stream, behind the same checks as a unary append. */
public interface AppendTarget {

  /**
   * Decodes and validates one {@code AppendInput} message.
   *
   * @throws S2Error {@code 400 bad_frame} when it is not a protobuf AppendInput, {@code 422
   *     invalid} when it breaks the rules
   */
  PreparedInput prepare(byte[] message);

  /**
   * A validated input: its metered bytes (for the in-flight budget) and the call that sequences
   * it, whose future completes with the encoded protobuf {@code AppendAck} once durable.
   */
  record PreparedInput(long meteredBytes, Supplier<CompletableFuture<byte[]>> append) {}
}
