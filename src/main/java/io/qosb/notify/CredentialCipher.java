package io.qosb.notify;

import io.qosb.store.SecretCipher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for sink credentials at rest: {@code enc:v1:} + base64(12-byte random IV, ciphertext
 * and 128-bit tag). A stored value without the prefix is read as clear text: rows written before
 * the outbox migration (V4).
 */
public final class CredentialCipher implements SecretCipher {

  private static final String PREFIX = "enc:v1:";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] AAD = "qosb-sink-credential".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param key 32 bytes
   * @throws IllegalArgumentException if the key is not 32 bytes long
   */
  public CredentialCipher(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("the credential key must be 32 bytes");
    }
    this.key = new SecretKeySpec(Arrays.copyOf(key, 32), "AES");
  }

  @Override
  public String seal(String plaintext) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(AAD);
      byte[] ct = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a credential", e);
    }
  }

  @Override
  public String open(String stored) {
    if (!stored.startsWith(PREFIX)) {
      return stored;
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
      c.updateAAD(AAD);
      return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // no detail: the message must not help an attacker, and the value must not reach a log
      throw new IllegalStateException("a stored credential cannot be opened with notify.credentialKey");
    }
  }
}
