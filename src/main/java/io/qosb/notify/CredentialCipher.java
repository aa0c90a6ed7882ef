package io.qosb.notify;

import io.qosb.store.SecretCipher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for sink credentials at rest, with key rotation (issue 15): sealed as
 * {@code enc:v2:<kid>:} + base64(12-byte random IV, ciphertext and 128-bit tag) with the newest key of
 * {@code notify.credentialKeys}; {@code kid} is the first 8 hex digits of the key's SHA-256, so the
 * key that opens a value is found by name and older keys keep opening what they sealed. Values of
 * V4 ({@code enc:v1:}, no key id) are tried with every key. A stored value without a prefix is read
 * as clear text: rows written before the outbox migration (V4).
 */
public final class CredentialCipher implements SecretCipher {

  private static final String V1 = "enc:v1:";
  private static final String V2 = "enc:v2:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] AAD = "qosb-sink-credential".getBytes(StandardCharsets.US_ASCII);

  private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
  private final String sealingKid;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param keys 32-byte keys, newest first: the first seals, all open
   * @throws IllegalArgumentException if there is no key or one is not 32 bytes long
   */
  public CredentialCipher(List<byte[]> keys) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("at least one credential key is needed");
    }
    for (byte[] key : keys) {
      if (key == null || key.length != 32) {
        throw new IllegalArgumentException("the credential key must be 32 bytes");
      }
      this.keys.putIfAbsent(kid(key), new SecretKeySpec(Arrays.copyOf(key, 32), "AES"));
    }
    this.sealingKid = kid(keys.get(0));
  }

  /** The key id of a key: the first 8 hex digits of its SHA-256 (names the key, does not reveal it). */
  static String kid(byte[] key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String seal(String plaintext) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(sealingKid), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(AAD);
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return V2 + sealingKid + ":"
          + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a credential", e);
    }
  }

  @Override
  public String open(String stored) {
    if (stored.startsWith(V2)) {
      int colon = stored.indexOf(':', V2.length());
      SecretKeySpec key = colon < 0 ? null : keys.get(stored.substring(V2.length(), colon));
      String opened = key == null ? null : open(key, stored.substring(colon + 1));
      if (opened != null) {
        return opened;
      }
    } else if (stored.startsWith(V1)) {
      for (SecretKeySpec key : keys.values()) {
        String opened = open(key, stored.substring(V1.length()));
        if (opened != null) {
          return opened;
        }
      }
    } else {
      return stored;
    }
    // no detail: the message must not help an attacker, and the value must not reach a log
    throw new IllegalStateException("the stored sink credential cannot be opened with any of notify.credentialKeys");
  }

  private static String open(SecretKeySpec key, String base64) {
    try {
      byte[] all = Base64.getDecoder().decode(base64);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
      c.updateAAD(AAD);
      return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }
}
