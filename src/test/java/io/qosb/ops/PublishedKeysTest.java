package io.qosb.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.testing.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 3: with {@code nef.mode=remote} the adapter does not start with a key published in
 * the repository (by content, wherever the file lies), and says so in one line naming the setting;
 * {@code dev.allowPublishedKeys=true} lets it start; the embedded default needs no setting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(30)
class PublishedKeysTest {

  private Vertx vertx;
  private final TestKeys keys = new TestKeys();

  @BeforeAll
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  void tearDown() {
    vertx.close().await();
  }

  /** Verifies that the fingerprints the check knows are those of the keys committed in config/. */
  @Test
  void testFingerprintsMatchTheCommittedKeys() throws Exception {
    JsonObject jwks = new JsonObject(Files.readString(Path.of("config/dev/jwks.json")));
    JsonObject signing = new JsonObject(Files.readString(Path.of("config/dev/signing-key.json")));
    assertThat(PublishedKeys.publishedJwk(jwks)).isPresent();
    assertThat(PublishedKeys.publishedJwk(signing)).isPresent();
    assertThat(PublishedKeys.publishedJwk(signing.getJsonArray("keys").getJsonObject(0))).isPresent();
    String yamlDefault = (String) new ConfigLoader(vertx, Map.of()).load(null).await()
        .getJsonObject("notify").getValue("credentialKey");
    assertThat(PublishedKeys.publishedSecret(yamlDefault)).isPresent();
    assertThat(PublishedKeys.publishedJwk(new JsonObject().put("keys", new JsonArray().add(keys.rsa)))).isEmpty();
    assertThat(PublishedKeys.publishedSecret(randomKey())).isEmpty();
  }

  /** Verifies that a remote deployment with nothing but the NEF set is refused for the dev JWKS. */
  @Test
  void testStartFailsForDefaultJwksWithRemoteNef() {
    assertStartFails(remote(Map.of()), "auth.jwks: holds the development key 'dev-1' of config/dev/ (config/dev/jwks.json)");
  }

  /** Verifies that a copy of the dev JWKS under another name is recognised. */
  @Test
  void testStartFailsForCopiedDevJwks(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("our-idp-keys.json");
    Files.copy(Path.of("config/dev/jwks.json"), copy);
    assertStartFails(remote(Map.of("QOSB_AUTH_JWKS", copy.toString())), "auth.jwks: holds the development key 'dev-1'");
  }

  /** Verifies that the dev signing key (default, or copied) is refused once the JWKS is the operator's. */
  @Test
  void testStartFailsForDevSigningKey(@TempDir Path dir) throws Exception {
    Path jwks = keys.writeJwks(dir);
    assertStartFails(remote(Map.of("QOSB_AUTH_JWKS", jwks.toString())),
        "notify.signingKey: holds the development key 'dev-1' of config/dev/ (config/dev/signing-key.json)");
    Path copy = dir.resolve("signing.json");
    Files.copy(Path.of("config/dev/signing-key.json"), copy);
    assertStartFails(remote(Map.of("QOSB_AUTH_JWKS", jwks.toString(), "QOSB_NOTIFY_SIGNING_KEY", copy.toString())),
        "notify.signingKey: holds the development key 'dev-1'");
  }

  /** Verifies that the dev credential key is refused once the other keys are the operator's. */
  @Test
  void testStartFailsForDevCredentialKey(@TempDir Path dir) throws Exception {
    Map<String, String> env = remote(ownKeys(dir));
    env.remove("QOSB_NOTIFY_CREDENTIAL_KEY");
    assertStartFails(env, "notify.credentialKey: holds the development default of config/application.yaml");
  }

  /** Verifies that a key list (notify.credentialKeys) holding the published key is refused too. */
  @Test
  void testCheckFailsForPublishedKeyInCredentialKeyList(@TempDir Path dir) throws Exception {
    JsonObject tree = new ConfigLoader(vertx, ownKeys(dir)).load(null).await();
    tree.getJsonObject("notify").remove("credentialKey");
    tree.getJsonObject("notify").put("credentialKeys", new JsonArray().add(randomKey())
        .add("9GpwKX8T4ESR++OqnsIm8Hrmv+7geCqEQk3hYI99qpQ="));
    AdapterConfig config = AdapterConfig.from(tree);
    assertThatThrownBy(() -> PublishedKeys.check(vertx, config.settings(), config.auth(), true).await())
        .hasMessageStartingWith("notify.credentialKeys[1]: holds the development default");
  }

  /** Verifies that dev.allowPublishedKeys=true, and the simulated NEF, let the published keys pass. */
  @Test
  void testCheckSucceedsWhenAllowedOrSimulated() {
    JsonObject tree = new ConfigLoader(vertx, Map.of("QOSB_DEV_ALLOW_PUBLISHED_KEYS", "true")).load(null).await();
    AdapterConfig allowed = AdapterConfig.from(tree);
    PublishedKeys.check(vertx, allowed.settings(), allowed.auth(), true).await();
    AdapterConfig simulated = AdapterConfig.from(new ConfigLoader(vertx, Map.of()).load(null).await());
    PublishedKeys.check(vertx, simulated.settings(), simulated.auth(), false).await();
  }

  /** Verifies that the operator's own keys pass the check. */
  @Test
  void testCheckSucceedsForOwnKeys(@TempDir Path dir) throws Exception {
    AdapterConfig config = AdapterConfig.from(new ConfigLoader(vertx, ownKeys(dir)).load(null).await());
    PublishedKeys.check(vertx, config.settings(), config.auth(), true).await();
  }

  private void assertStartFails(Map<String, String> env, String prefix) {
    assertThatThrownBy(() -> Main.start(vertx, null, env, Main.newRegistry(), Clock.systemUTC()).await())
        .hasMessageStartingWith(prefix)
        .hasMessageContaining("refused with nef.mode=remote")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private static Map<String, String> remote(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(Map.of("QOSB_NEF_MODE", "remote", "QOSB_HTTP_PORT", "0",
        "QOSB_STORE_URL", "h2:mem:published" + System.nanoTime()));
    env.putAll(more);
    return env;
  }

  private Map<String, String> ownKeys(Path dir) throws Exception {
    Path signing = dir.resolve("own-signing.json");
    Files.writeString(signing, new JsonObject().put("keys", new JsonArray().add(keys.rsa)).encode());
    return new HashMap<>(Map.of("QOSB_AUTH_JWKS", keys.writeJwks(dir).toString(),
        "QOSB_NOTIFY_SIGNING_KEY", signing.toString(), "QOSB_NOTIFY_CREDENTIAL_KEY", randomKey()));
  }

  private static String randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
