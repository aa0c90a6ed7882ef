package io.qosb.ops;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Objects;

/**
 * Loads the configuration in layers: the packaged {@code config/application.yaml}, then an optional
 * file named by {@code --config} or {@code QOSB_CONFIG}, then one {@code QOSB_*} environment
 * override pass over every key of the merged tree.
 */
public final class ConfigLoader {

  /** Path of the defaults, resolved on the file system first and then on the class path. */
  public static final String DEFAULTS = "config/application.yaml";
  private static final String PREFIX = "QOSB_";

  private final Vertx vertx;
  private final Map<String, String> env;

  /**
   * @param vertx the Vert.x instance whose file system reads the files
   * @param env the environment variables (System.getenv() in production)
   * @throws NullPointerException if an argument is null
   */
  public ConfigLoader(Vertx vertx, Map<String, String> env) {
    this.vertx = Objects.requireNonNull(vertx);
    this.env = Objects.requireNonNull(env);
  }

  /**
   * @param file an extra YAML file layered over the defaults, or null for {@code QOSB_CONFIG} or none
   * @return the merged configuration with environment overrides applied
   */
  public Future<JsonObject> load(String file) {
    String extra = file != null ? file : env.get("QOSB_CONFIG");
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(-1)
        .addStore(yaml(DEFAULTS, false));
    if (extra != null && !extra.isBlank()) {
      if (!vertx.fileSystem().existsBlocking(extra)) {
        return Future.failedFuture(new ConfigException("config file not found: " + extra));
      }
      options.addStore(yaml(extra, false));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
        .recover(e -> Future.failedFuture(new ConfigException("cannot read configuration: " + rootMessage(e))))
        .map(this::applyEnvironment)
        .andThen(ar -> retriever.close());
  }

  private static ConfigStoreOptions yaml(String path, boolean optional) {
    return new ConfigStoreOptions().setType("file").setFormat("yaml").setOptional(optional)
        .setConfig(new JsonObject().put("path", path));
  }

  /**
   * Applies {@code QOSB_<KEY_PATH>} variables to every key present in the tree, converting each value
   * to the type of the value it replaces.
   *
   * @param config the configuration to change in place
   * @return the same object
   */
  JsonObject applyEnvironment(JsonObject config) {
    override(config, PREFIX);
    return config;
  }

  private void override(JsonObject node, String prefix) {
    for (String key : node.fieldNames().toArray(new String[0])) {
      String name = prefix + toSnake(key);
      Object current = node.getValue(key);
      if (current instanceof JsonObject child && !env.containsKey(name)) {
        override(child, name + "_");
        continue;
      }
      String value = env.get(name);
      if (value != null) {
        node.put(key, convert(name, value, current));
      }
    }
  }

  private static Object convert(String name, String value, Object current) {
    try {
      if ((current instanceof Integer || current instanceof Long) && !value.contains(".")) {
        return Long.parseLong(value.trim());
      }
      if (current instanceof Number) {
        return Double.parseDouble(value.trim());
      }
      if (current instanceof Boolean) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          throw new ConfigException(name + ": expected true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
      }
      if (current instanceof JsonObject) {
        return new JsonObject(value);
      }
      if (current instanceof JsonArray) {
        return new JsonArray(value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + ": expected a number, got '" + value + "'");
    } catch (DecodeException e) {
      throw new ConfigException(name + ": expected JSON, got '" + value + "'");
    }
  }

  /** {@code scsAsId} -> {@code SCS_AS_ID}. */
  static String toSnake(String key) {
    return key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('-', '_').replace('.', '_').toUpperCase();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
