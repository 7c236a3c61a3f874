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
 * Server-side encryption of envelope records with the client's {@code s2-encryption-key}: a
 * random nonce, AES-256-GCM, the stream's identity as associated data. The stored form is
 * {@code format byte ‖ nonce ‖ ciphertext ‖ tag}; clients never see it, so only the behaviour
 * (wrong key fails, command records stay plain) has to match lite.
 */
public final class RecordCipher {

  /** The highest seq_num lite lets an AES-256-GCM stream give an encrypted record. */
  public static final long AES_GCM_MAX_SEQ_NUM = 0xFFFF_FFFFL;

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StreamCipher cipher;
  private final SecretKeySpec key;
  private final byte[] associatedData;

  private RecordCipher(StreamCipher cipher, byte[] key, String basin, String stream) {
    this.cipher = cipher;
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

  public StreamCipher cipher() {
    return cipher;
  }

  /** The stored form of an envelope record. */
  public byte[] encrypt(List<Header> headers, byte[] body) {
    ByteArrayOutputStream plain = new ByteArrayOutputStream(16 + body.length);
    Envelope.writeFields(plain, headers, body);
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData);
      byte[] sealed = c.doFinal(plain.toByteArray());
      byte[] out = new byte[1 + NONCE_BYTES + sealed.length];
      out[0] = formatByte(cipher);
      System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, 1 + NONCE_BYTES, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw S2Error.other("encryption failed: " + e.getMessage());
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
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, cipher.key,
          new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(stored, 1, 1 + NONCE_BYTES)));
      c.updateAAD(cipher.associatedData);
      byte[] plain = c.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
      return Envelope.readFields(plain, 0);
    } catch (AEADBadTagException e) {
      throw S2Error.decryptionFailed();
    } catch (GeneralSecurityException e) {
      throw S2Error.storage("record decryption failed: " + e.getMessage());
    }
  }

  private static byte formatByte(StreamCipher cipher) {
    return cipher == StreamCipher.AEGIS_256 ? (byte) 1 : (byte) 2;
  }
}
