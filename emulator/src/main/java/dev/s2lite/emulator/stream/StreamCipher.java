package dev.s2lite.emulator.stream;

import dev.s2lite.emulator.json.WireEnum;

/** The cipher a basin assigns to streams created in it; fixed for a stream's life. */
public enum StreamCipher implements WireEnum {
  AEGIS_256,
  AES_256_GCM
}
