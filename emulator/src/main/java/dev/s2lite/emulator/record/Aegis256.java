package dev.s2lite.emulator.record;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * AEGIS-256 with a 128-bit tag (draft-irtf-cfrg-aegis-aead), written from the specification:
 * the JDK has no AEGIS and Bouncy Castle's lightweight API (1.82) has none either. Six 128-bit
 * state blocks, each as four big-endian ints, updated with the AES round function (T-tables).
 */
final class Aegis256 {

  static final int KEY_BYTES = 32;
  static final int NONCE_BYTES = 32;
  static final int TAG_BYTES = 16;

  private static final int[] SBOX = new int[256];
  private static final int[] T0 = new int[256];
  private static final int[] T1 = new int[256];
  private static final int[] T2 = new int[256];
  private static final int[] T3 = new int[256];
  private static final int[] C0 = words(new byte[] {
      0x00, 0x01, 0x01, 0x02, 0x03, 0x05, 0x08, 0x0d, 0x15, 0x22, 0x37, 0x59, (byte) 0x90, (byte) 0xe9, 0x79, 0x62});
  private static final int[] C1 = words(new byte[] {
      (byte) 0xdb, 0x3d, 0x18, 0x55, 0x6d, (byte) 0xc2, 0x2f, (byte) 0xf1,
      0x20, 0x11, 0x31, 0x42, 0x73, (byte) 0xb5, 0x28, (byte) 0xdd});

  static {
    // The AES S-box from the multiplicative inverse in GF(2^8) and the affine map.
    int p = 1;
    int q = 1;
    do {
      p = (p ^ (p << 1) ^ ((p & 0x80) != 0 ? 0x1b : 0)) & 0xff;
      q ^= q << 1;
      q ^= q << 2;
      q ^= q << 4;
      q &= 0xff;
      if ((q & 0x80) != 0) {
        q ^= 0x09;
      }
      int x = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4);
      SBOX[p] = (x ^ 0x63) & 0xff;
    } while (p != 1);
    SBOX[0] = 0x63;
    for (int i = 0; i < 256; i++) {
      int s = SBOX[i];
      int s2 = ((s << 1) ^ ((s & 0x80) != 0 ? 0x1b : 0)) & 0xff;
      int s3 = s2 ^ s;
      T0[i] = (s2 << 24) | (s << 16) | (s << 8) | s3;
      T1[i] = Integer.rotateRight(T0[i], 8);
      T2[i] = Integer.rotateRight(T0[i], 16);
      T3[i] = Integer.rotateRight(T0[i], 24);
    }
  }

  private static int rotl8(int x, int n) {
    return ((x << n) | (x >>> (8 - n))) & 0xff;
  }

  private final int[][] s = new int[6][4];

  private Aegis256(byte[] key, byte[] nonce) {
    int[] k0 = words(Arrays.copyOfRange(key, 0, 16));
    int[] k1 = words(Arrays.copyOfRange(key, 16, 32));
    int[] n0 = words(Arrays.copyOfRange(nonce, 0, 16));
    int[] n1 = words(Arrays.copyOfRange(nonce, 16, 32));
    int[] k0n0 = xor(k0, n0);
    int[] k1n1 = xor(k1, n1);
    s[0] = k0n0.clone();
    s[1] = k1n1.clone();
    s[2] = C1.clone();
    s[3] = C0.clone();
    s[4] = xor(k0, C0);
    s[5] = xor(k1, C1);
    for (int i = 0; i < 4; i++) {
      update(k0);
      update(k1);
      update(k0n0);
      update(k1n1);
    }
  }

  /** Ciphertext followed by the 16-byte tag. */
  static byte[] seal(byte[] key, byte[] nonce, byte[] ad, byte[] message) {
    Aegis256 state = new Aegis256(key, nonce);
    state.absorb(ad);
    byte[] out = new byte[message.length + TAG_BYTES];
    int full = message.length & ~15;
    for (int i = 0; i < full; i += 16) {
      int[] x = words(message, i);
      put(xor(x, state.keystream()), out, i);
      state.update(x);
    }
    if (full < message.length) {
      byte[] padded = Arrays.copyOf(Arrays.copyOfRange(message, full, message.length), 16);
      int[] x = words(padded);
      byte[] c = new byte[16];
      put(xor(x, state.keystream()), c, 0);
      System.arraycopy(c, 0, out, full, message.length - full);
      state.update(x);
    }
    System.arraycopy(state.tag(ad.length, message.length), 0, out, message.length, TAG_BYTES);
    return out;
  }

  /** The message, or null when the tag does not verify. */
  static byte[] open(byte[] key, byte[] nonce, byte[] ad, byte[] sealed, int offset, int length) {
    if (length < TAG_BYTES) {
      return null;
    }
    int messageLength = length - TAG_BYTES;
    Aegis256 state = new Aegis256(key, nonce);
    state.absorb(ad);
    byte[] out = new byte[messageLength];
    int full = messageLength & ~15;
    for (int i = 0; i < full; i += 16) {
      int[] x = xor(words(sealed, offset + i), state.keystream());
      put(x, out, i);
      state.update(x);
    }
    if (full < messageLength) {
      byte[] padded = Arrays.copyOf(Arrays.copyOfRange(sealed, offset + full, offset + messageLength), 16);
      byte[] plain = new byte[16];
      put(xor(words(padded), state.keystream()), plain, 0);
      Arrays.fill(plain, messageLength - full, 16, (byte) 0);
      System.arraycopy(plain, 0, out, full, messageLength - full);
      state.update(words(plain));
    }
    byte[] expected = state.tag(ad.length, messageLength);
    byte[] actual = Arrays.copyOfRange(sealed, offset + messageLength, offset + length);
    return MessageDigest.isEqual(expected, actual) ? out : null;
  }

  private void absorb(byte[] ad) {
    for (int i = 0; i < ad.length; i += 16) {
      update(words(Arrays.copyOf(Arrays.copyOfRange(ad, i, Math.min(ad.length, i + 16)), 16)));
    }
  }

  private int[] keystream() {
    int[] z = new int[4];
    for (int i = 0; i < 4; i++) {
      z[i] = s[1][i] ^ s[4][i] ^ s[5][i] ^ (s[2][i] & s[3][i]);
    }
    return z;
  }

  private byte[] tag(long adLength, long messageLength) {
    byte[] lengths = new byte[16];
    long adBits = adLength * 8;
    long messageBits = messageLength * 8;
    for (int i = 0; i < 8; i++) {
      lengths[i] = (byte) (adBits >>> (8 * i));
      lengths[8 + i] = (byte) (messageBits >>> (8 * i));
    }
    int[] t = xor(s[3], words(lengths));
    for (int i = 0; i < 7; i++) {
      update(t);
    }
    int[] tag = new int[4];
    for (int i = 0; i < 4; i++) {
      tag[i] = s[0][i] ^ s[1][i] ^ s[2][i] ^ s[3][i] ^ s[4][i] ^ s[5][i];
    }
    byte[] out = new byte[16];
    put(tag, out, 0);
    return out;
  }

  private void update(int[] m) {
    int[] oldS5 = s[5];
    s[5] = aesRound(s[4], s[5]);
    s[4] = aesRound(s[3], s[4]);
    s[3] = aesRound(s[2], s[3]);
    s[2] = aesRound(s[1], s[2]);
    s[1] = aesRound(s[0], s[1]);
    s[0] = aesRound(oldS5, xor(s[0], m));
  }

  /** MixColumns(ShiftRows(SubBytes(in))) xor roundKey. */
  private static int[] aesRound(int[] in, int[] roundKey) {
    int[] out = new int[4];
    for (int c = 0; c < 4; c++) {
      out[c] = T0[in[c] >>> 24] ^ T1[(in[(c + 1) & 3] >>> 16) & 0xff]
          ^ T2[(in[(c + 2) & 3] >>> 8) & 0xff] ^ T3[in[(c + 3) & 3] & 0xff] ^ roundKey[c];
    }
    return out;
  }

  private static int[] xor(int[] a, int[] b) {
    return new int[] {a[0] ^ b[0], a[1] ^ b[1], a[2] ^ b[2], a[3] ^ b[3]};
  }

  private static int[] words(byte[] block) {
    return words(block, 0);
  }

  private static int[] words(byte[] bytes, int offset) {
    int[] w = new int[4];
    for (int i = 0; i < 4; i++) {
      int o = offset + 4 * i;
      w[i] = ((bytes[o] & 0xff) << 24) | ((bytes[o + 1] & 0xff) << 16)
          | ((bytes[o + 2] & 0xff) << 8) | (bytes[o + 3] & 0xff);
    }
    return w;
  }

  private static void put(int[] w, byte[] out, int offset) {
    for (int i = 0; i < 4; i++) {
      int o = offset + 4 * i;
      out[o] = (byte) (w[i] >>> 24);
      out[o + 1] = (byte) (w[i] >>> 16);
      out[o + 2] = (byte) (w[i] >>> 8);
      out[o + 3] = (byte) w[i];
    }
  }
}
