package io.qosb.ops;

import io.qosb.nef.NefConfig;
import io.qosb.nef.sim.SimulatedNef;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NEF configuration as the adapter uses it: {@code nef.*}, except that with the in-process
 * simulated NEF the API root is the simulator's and the NEF calls back on this instance's loopback
 * port (the path of {@code nef.notificationUrl} is kept).
 */
final class NefSetup {

  private static final Logger LOG = LoggerFactory.getLogger(NefSetup.class);

  private NefSetup() {
  }

  /** A remote NEF cannot reach a loopback callback URL (the default): says so once at startup. */
  static void warnIfLoopbackCallback(NefConfig config) {
    String host = config.notificationUrl().getHost();
    if (host == null || host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")) {
      LOG.warn("nef.notificationUrl is a loopback address, a remote NEF cannot call back: set it to this adapter's "
          + "callback URL as the NEF reaches it [notificationUrl: {}]", config.notificationUrl());
    }
  }

  /** Empty values stand for "not set" in application.yaml (so that QOSB_* can still set them). */
  private static JsonObject withoutEmpty(JsonObject o) {
    for (String key : o.fieldNames().toArray(new String[0])) {
      Object v = o.getValue(key);
      if (v == null || "".equals(v)) {
        o.remove(key);
      } else if (v instanceof JsonObject child) {
        withoutEmpty(child);
        if (child.isEmpty()) {
          o.remove(key);
        }
      }
    }
    return o;
  }

  /**
   * @param s the configuration
   * @param simulated the in-process simulated NEF, or null when the NEF is remote
   * @param port this instance's HTTP port
   */
  static NefConfig config(Settings s, SimulatedNef simulated, int port) {
    JsonObject nef = withoutEmpty(s.section("nef").copy());
    if (simulated != null) {
      nef.put("url", simulated.baseUrl());
      URI callback = URI.create(nef.getString("notificationUrl", NefConfig.DEFAULT_NOTIFICATION_URL));
      nef.put("notificationUrl", "http://127.0.0.1:" + port + callback.getRawPath());
    }
    try {
      return NefConfig.fromJson(nef);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
