package dev.s2lite.emulator.stream;

import java.util.Objects;

/**
 * A stream's storage class: since s2-lite 0.43 any string, stored and echoed byte for byte
 * ({@code "express"} when nothing sets it). It changes nothing in an emulator, nor in s2-lite.
 *
 * @param wire the string as clients send and receive it
 */
public record StorageClass(String wire) {

  public static final StorageClass STANDARD = new StorageClass("standard");
  public static final StorageClass EXPRESS = new StorageClass("express");

  public StorageClass {
    Objects.requireNonNull(wire, "wire");
  }
}
