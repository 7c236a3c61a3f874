package dev.s2lite.emulator.record;

import dev.s2lite.emulator.error.S2Error;
import dev.s2lite.emulator.stream.StreamCipher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server-side encryption of envelope records with the client's {@code s2-encryption-key}, as
 * lite does it: the stream's cipher (AEGIS-256 with a random 256-bit nonce, or AES-256-GCM with a
 * random 96-bit nonce), the stream's identity as associated data, stored as
 * {@code format byte ‖ nonce ‖ ciphertext ‖ 16-byte tag}.
 */
public final class RecordCipher {

  /** The highest seq_num lite lets an AES-256-GCM stream give an encrypted record. */
  public static final long AES_GCM_MAX_SEQ_NUM = 0xFFFF_FFFFL;

  private static final byte AEGIS_256 = 1;
  private static final byte AES_256_GCM = 2;
  private static final int GCM_NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StreamCipher cipher;
  private final byte[] rawKey;
  private final SecretKeySpec key;
  private final byte[] associatedData;

  private RecordCipher(StreamCipher cipher, byte[] key, String basin, String stream) {
    this.cipher = cipher;
    this.rawKey = key;
    this.key = new SecretKeySpec(key, "AES");
    this.associatedData = (basin + "/" + stream).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Checks the header's shape as lite does for every record request (trimmed, 1 to 44 characters)
   * and returns it trimmed, or null when absent.
   */
  public static String keyHeader(String header) {
    if (header == null) {
      return null;
    }
    String trimmed = header.trim();
    if (trimmed.isEmpty() || trimmed.length() > 44) {
      throw S2Error.invalidHeader("s2-encryption-key",
          "invalid encryption key: key material length " + trimmed.length() + " is out of range");
    }
    return trimmed;
  }

  /** The cipher for a stream, or null when it has none; a missing or bad key is {@code 400 bad_header}. */
  public static RecordCipher forStream(StreamCipher cipher, String keyHeader, String basin, String stream) {
    if (cipher == null) {
      return null;
    }
    if (keyHeader == null) {
      throw S2Error.badHeader("missing encryption key for stream cipher '" + cipher.wire() + "'");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(keyHeader);
    } catch (IllegalArgumentException e) {
      throw S2Error.badHeader(
          "invalid encryption key for stream cipher '" + cipher.wire() + "': invalid base64");
    }
    if (key.length != 32) {
      throw S2Error.badHeader("invalid encryption key length for stream cipher '"
          + cipher.wire() + "': " + key.length);
    }
    return new RecordCipher(cipher, key, basin, stream);
  }

  /** The stored form of an envelope record. */
  public byte[] encrypt(List<Header> headers, byte[] body) {
    ByteArrayOutputStream plain = new ByteArrayOutputStream(16 + body.length);
    Envelope.writeFields(plain, headers, body);
    boolean aegis = cipher == StreamCipher.AEGIS_256;
    byte[] nonce = new byte[aegis ? Aegis256.NONCE_BYTES : GCM_NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed = aegis
        ? Aegis256.seal(rawKey, nonce, associatedData, plain.toByteArray())
        : gcm(Cipher.ENCRYPT_MODE, nonce, plain.toByteArray(), 0, plain.size());
    byte[] out = new byte[1 + nonce.length + sealed.length];
    out[0] = aegis ? AEGIS_256 : AES_256_GCM;
    System.arraycopy(nonce, 0, out, 1, nonce.length);
    System.arraycopy(sealed, 0, out, 1 + nonce.length, sealed.length);
    return out;
  }

  private byte[] gcm(int mode, byte[] nonce, byte[] input, int offset, int length) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData);
      return c.doFinal(input, offset, length);
    } catch (AEADBadTagException e) {
      throw S2Error.decryptionFailed();
    } catch (GeneralSecurityException e) {
      throw S2Error.storage("record encryption failed: " + e.getMessage());
    }
  }

  /** Headers and body of a stored record; a wrong key is {@code 400 decryption_failed}. */
  static Envelope.Decoded open(byte[] stored, RecordCipher cipher) {
    if (stored[0] == Envelope.PLAIN) {
      return Envelope.readFields(stored, 1);
    }
    if (cipher == null) {
      throw S2Error.storage("record is encrypted but the stream has no cipher");
    }
    byte[] plain;
    if (stored[0] == AEGIS_256 && cipher.cipher == StreamCipher.AEGIS_256) {
      int body = 1 + Aegis256.NONCE_BYTES;
      plain = Aegis256.open(cipher.rawKey, Arrays.copyOfRange(stored, 1, body), cipher.associatedData,
          stored, body, stored.length - body);
      if (plain == null) {
        throw S2Error.decryptionFailed();
      }
    } else if (stored[0] == AES_256_GCM && cipher.cipher == StreamCipher.AES_256_GCM) {
      int body = 1 + GCM_NONCE_BYTES;
      plain = cipher.gcm(Cipher.DECRYPT_MODE, Arrays.copyOfRange(stored, 1, body), stored, body,
          stored.length - body);
    } else {
      throw S2Error.storage("stored record does not match the stream cipher");
    }
    return Envelope.readFields(plain, 0);
  }
}
