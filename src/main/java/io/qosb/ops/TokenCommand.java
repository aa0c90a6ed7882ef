package io.qosb.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.qosb.api.Api;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code token --client ID --scope all|S1,S2 [--phone E164] [--ttl PT1H]}: prints an access token
 * signed with the committed DEV key. Refused when {@code auth.jwks} does not hold that key, so it
 * can never mint tokens a production deployment accepts.
 */
public final class TokenCommand {

  static final String DEV_SIGNING_KEY = "config/dev/signing-key.json";

  private TokenCommand() {
  }

  /** @return the process exit code */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    String client = Main.option(args, "--client");
    String scope = Main.option(args, "--scope");
    if (client == null || scope == null) {
      err.println("usage: token --client ID --scope all|S1,S2 [--phone +E164] [--ttl PT1H] [--config FILE]");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      AdapterConfig config = AdapterConfig.from(new ConfigLoader(vertx, env)
          .load(Main.option(args, "--config")).await());
      JsonObject devKey = readJson(vertx, DEV_SIGNING_KEY).getJsonArray("keys").getJsonObject(0);
      if (config.auth().remote()) {
        err.println("refused: the access-token keys come from an identity provider (auth.jwks/auth.issuer); "
            + "tokens for this deployment must come from it");
        return 1;
      }
      if (!holdsKey(readJson(vertx, config.auth().jwks()), devKey)) {
        err.println("refused: auth.jwks (" + config.auth().jwks() + ") does not trust the dev key; "
            + "tokens for this deployment must come from its own authorization server");
        return 1;
      }
      Duration ttl = Duration.parse(option(args, "--ttl", "PT1H"));
      out.println(mint(vertx, devKey, config, client, scopes(scope), Main.option(args, "--phone"), ttl));
      return 0;
    } catch (RuntimeException e) {
      err.println("token failed: " + e.getMessage());
      return 1;
    } finally {
      vertx.close();
    }
  }

  static String mint(Vertx vertx, JsonObject key, AdapterConfig config, String client, String scopes,
      String phone, Duration ttl) {
    JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(key));
    JsonObject claims = new JsonObject().put("sub", client).put("client_id", client).put("scope", scopes);
    if (phone != null) {
      claims.put("phone_number", phone);
    }
    JWTOptions options = new JWTOptions().setAlgorithm("RS256").setExpiresInSeconds((int) ttl.toSeconds());
    if (config.auth().issuer() != null) {
      options.setIssuer(config.auth().issuer());
    }
    if (config.auth().audience() != null) {
      options.addAudience(config.auth().audience());
    }
    return auth.generateToken(claims, options);
  }

  /** @return the space-separated scopes; {@code all} means every scope the three APIs name */
  static String scopes(String option) {
    if (!option.equals("all")) {
      return String.join(" ", option.split("\\s*,\\s*"));
    }
    TreeSet<String> all = new TreeSet<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    for (Api api : Api.values()) {
      try (InputStream in = TokenCommand.class.getClassLoader().getResourceAsStream(api.document())) {
        yaml.readTree(in).path("paths").forEach(path -> path.forEach(op ->
            op.path("security").forEach(req -> req.forEach(list -> list.forEach(s -> all.add(s.asText()))))));
      } catch (IOException | NullPointerException e) {
        throw new IllegalStateException("cannot read " + api.document());
      }
    }
    return String.join(" ", all);
  }

  private static boolean holdsKey(JsonObject jwks, JsonObject key) {
    JsonArray keys = jwks.getJsonArray("keys", new JsonArray());
    return keys.stream().map(JsonObject.class::cast)
        .anyMatch(k -> key.getString("n").equals(k.getString("n")) && key.getString("e").equals(k.getString("e")));
  }

  private static JsonObject readJson(Vertx vertx, String path) {
    return vertx.fileSystem().readFileBlocking(path).toJsonObject();
  }

  private static String option(String[] args, String name, String def) {
    String v = Main.option(args, name);
    return v == null ? def : v;
  }

}
