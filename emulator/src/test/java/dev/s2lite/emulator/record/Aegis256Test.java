package dev.s2lite.emulator.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** AEGIS-256 against the test vectors of draft-irtf-cfrg-aegis-aead (appendix A.3). */
class Aegis256Test {

  static final HexFormat HEX = HexFormat.of();
  static final byte[] KEY = HEX.parseHex("1001000000000000000000000000000000000000000000000000000000000000");
  static final byte[] NONCE = HEX.parseHex("1000020000000000000000000000000000000000000000000000000000000000");

  static String seal(String ad, String message) {
    return HEX.formatHex(Aegis256.seal(KEY, NONCE, HEX.parseHex(ad), HEX.parseHex(message)));
  }

  @Test
  void vectorOneSixteenZeroBytes() {
    assertThat(seal("", "00000000000000000000000000000000"))
        .isEqualTo("754fc3d8c973246dcc6d741412a4b236" + "3fe91994768b332ed7f570a19ec5896e");
  }

  @Test
  void vectorTwoEmptyMessage() {
    assertThat(seal("", "")).isEqualTo("e3def978a0f054afd1e761d7553afba3");
  }

  @Test
  void vectorThreeWithAssociatedData() {
    assertThat(seal("0001020304050607", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"))
        .isEqualTo("f373079ed84b2709faee373584585d60accd191db310ef5d8b11833df9dec711"
            + "8d86f91ee606e9ff26a01b64ccbdd91d");
  }

  @Test
  void vectorFourPartialBlockCiphertext() {
    assertThat(seal("0001020304050607", "000102030405060708090a0b0c0d")).startsWith("f373079ed84b2709faee37358458");
  }

  @Test
  void openRoundTripsAndRejectsATamperedTagOrWrongKey() {
    byte[] message = HEX.parseHex("000102030405060708090a0b0c0d0e0f10111213");
    byte[] sealed = Aegis256.seal(KEY, NONCE, new byte[3], message);
    assertThat(Aegis256.open(KEY, NONCE, new byte[3], sealed, 0, sealed.length)).isEqualTo(message);
    byte[] otherKey = KEY.clone();
    otherKey[31] = 1;
    assertThat(Aegis256.open(otherKey, NONCE, new byte[3], sealed, 0, sealed.length)).isNull();
    sealed[sealed.length - 1] ^= 1;
    assertThat(Aegis256.open(KEY, NONCE, new byte[3], sealed, 0, sealed.length)).isNull();
  }
}
