package io.qosb.nef;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.PfxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** Builds the web clients of the NEF client from {@link NefConfig}: transport dialect, TLS and timeouts. */
final class NefWebClients {

  private static final String USER_AGENT = "qos-booking-adapter";

  /**
   * Connections kept to the NEF: as many as the scheduler runs jobs at once (schedule.batchSize
   * default 50), so that activations are not queued behind the Vert.x default of 5 connections
   * (at 50 ms per NEF call that default alone would cap activation near 100/s).
   */
  static final int MAX_CONNECTIONS = 50;

  private NefWebClients() {
  }

  /** The client towards the NEF: HTTP/1.1, or h2c with prior knowledge when the dialect says so. */
  static WebClient nef(Vertx vertx, NefConfig config) {
    WebClientOptions options = base(config);
    if (config.dialect().http2PriorKnowledge()) {
      options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
    }
    return WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));
  }

  /** The client towards the OAuth token endpoint: always HTTP/1.1, same trust settings. */
  static WebClient token(Vertx vertx, NefConfig config) {
    return WebClient.create(vertx, base(config));
  }

  private static WebClientOptions base(NefConfig config) {
    WebClientOptions options = new WebClientOptions()
        .setUserAgent(USER_AGENT)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis()))
        .setFollowRedirects(true)
        .setUseAlpn(true);
    NefConfig.Tls tls = config.tls();
    if (tls.trustAll()) {
      options.setTrustAll(true).setVerifyHost(false);
    }
    tls.trustStorePath().ifPresent(path -> {
      String password = tls.trustStorePassword().orElse(null);
      switch (tls.trustStoreType()) {
        case PEM -> options.setTrustOptions(new PemTrustOptions().addCertPath(path));
        case JKS -> options.setTrustOptions(new JksOptions().setPath(path).setPassword(password));
        default -> options.setTrustOptions(new PfxOptions().setPath(path).setPassword(password));
      }
    });
    return options;
  }
}
