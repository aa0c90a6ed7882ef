package io.qosb.store;

/**
 * Seals secrets (sink credentials) before they are written and opens them when read, so that the
 * database never holds them in clear. The notifier provides the AES-GCM implementation.
 */
public interface SecretCipher {

  /** Stores secrets in clear: only for tests that do not care about encryption at rest. */
  SecretCipher PLAINTEXT = new SecretCipher() {
    @Override
    public String seal(String plaintext) {
      return plaintext;
    }

    @Override
    public String open(String stored) {
      return stored;
    }
  };

  /** @return the value to store for the secret */
  String seal(String plaintext);

  /**
   * @return the secret of a stored value
   * @throws IllegalStateException if the value cannot be opened (wrong key, tampered)
   */
  String open(String stored);
}
