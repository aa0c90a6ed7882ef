package io.qosb.ops;

import io.netty.util.NetUtil;
import io.qosb.notify.NotifyConfig;
import io.vertx.core.json.JsonArray;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Parses the {@code notify.*} and {@code sinks.*} keys into a {@link NotifyConfig}, one-line errors. */
final class NotifySettings {

  /** The published development key of {@code notify.credentialKey} in config/application.yaml. */
  static final String DEV_CREDENTIAL_KEY = "9GpwKX8T4ESR++OqnsIm8Hrmv+7geCqEQk3hYI99qpQ=";

  private NotifySettings() {
  }

  /**
   * @throws ConfigException for the first invalid value
   */
  static NotifyConfig from(Settings s) {
    List<String> keyTexts = credentialKeyTexts(s);
    String keySetting = s.value("notify.credentialKeys") instanceof JsonArray list && !list.isEmpty()
        ? "notify.credentialKeys" : "notify.credentialKey";
    List<byte[]> keys = new ArrayList<>();
    keyTexts.forEach(k -> keys.add(key(keySetting, k)));
    Duration initial = positive(s, "notify.backoff.initial", Duration.ofSeconds(1));
    Duration max = positive(s, "notify.backoff.max", Duration.ofMinutes(5));
    if (max.compareTo(initial) < 0) {
      throw new ConfigException("notify.backoff.max: must not be shorter than notify.backoff.initial, got " + max);
    }
    try {
      return new NotifyConfig(s.string("http.publicUrl", "http://localhost:8080"),
          positive(s, "notify.pollInterval", Duration.ofSeconds(1)), positive(s, "notify.lease", Duration.ofSeconds(30)),
          positive(s, "notify.requestTimeout", Duration.ofSeconds(5)), positive(s, "notify.maxAge", Duration.ofHours(24)),
          initial, max, (int) s.integer("notify.batchSize", 16, 1, 1000),
          (int) s.integer("notify.perHostConcurrency", 4, 1, 1000),
          positive(s, "notify.retention", Duration.ofDays(7)), keys, keyTexts.contains(DEV_CREDENTIAL_KEY),
          s.string("notify.signingKey", "config/dev/signing-key.json"),
          s.string("notify.jwksPath", "/notify/v1/jwks.json"), s.bool("sinks.allowPrivateAddresses", false),
          s.bool("sinks.trustAll", false), dnsServers(s),
          positive(s, "sinks.dnsTimeout", NotifyConfig.DEFAULT_DNS_TIMEOUT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * The credential keys as configured (base64), newest first: {@code notify.credentialKeys} (a list;
   * from the environment a JSON array) when it holds any, else the one {@code notify.credentialKey}.
   * The one place that reads these settings, for every check of them.
   *
   * @throws ConfigException if neither is set or the list holds something else than strings
   */
  static List<String> credentialKeyTexts(Settings s) {
    Object list = s.value("notify.credentialKeys");
    if (list instanceof JsonArray array && !array.isEmpty()) {
      List<String> texts = new ArrayList<>();
      for (Object k : array) {
        if (!(k instanceof String text) || text.isBlank()) {
          throw new ConfigException("notify.credentialKeys: expected a list of base64 keys, got '" + k + "'");
        }
        texts.add(text.trim());
      }
      return texts;
    }
    if (list != null && !(list instanceof JsonArray)) {
      throw new ConfigException("notify.credentialKeys: expected a list of base64 keys, got '" + list + "'");
    }
    return List.of(s.requiredString("notify.credentialKey"));
  }

  /**
   * {@code sinks.dnsServers}: a list of {@code IP[:port]} (IPv6 with a port as {@code [addr]:port};
   * from the environment a JSON array); empty for the system's servers. Names are refused: a DNS
   * server named by a host name would need a resolver to be found.
   *
   * @throws ConfigException if an entry is not an IP address with an optional port
   */
  static List<InetSocketAddress> dnsServers(Settings s) {
    Object value = s.value("sinks.dnsServers");
    if (value == null || "".equals(value)) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new ConfigException("sinks.dnsServers: expected a list of IP[:port], got '" + value + "'");
    }
    List<InetSocketAddress> servers = new ArrayList<>();
    for (Object entry : array) {
      servers.add(dnsServer(entry));
    }
    return servers;
  }

  private static InetSocketAddress dnsServer(Object entry) {
    String text = entry instanceof String t ? t.trim() : "";
    String host = text;
    String port = "53";
    if (text.startsWith("[") && text.contains("]")) {
      host = text.substring(1, text.indexOf(']'));
      String rest = text.substring(text.indexOf(']') + 1);
      port = rest.startsWith(":") ? rest.substring(1) : rest.isEmpty() ? port : "bad";
    } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
      host = text.substring(0, text.indexOf(':'));
      port = text.substring(text.indexOf(':') + 1);
    }
    byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (address == null || number < 1 || number > 65535) {
      throw new ConfigException("sinks.dnsServers: expected IP[:port] such as 10.0.0.2 or [fd00::53]:53, got '"
          + entry + "'");
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(address), number);
    } catch (UnknownHostException e) {
      throw new ConfigException("sinks.dnsServers: expected IP[:port], got '" + entry + "'");
    }
  }

  private static byte[] key(String setting, String text) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(setting + ": expected base64 of 32 bytes, got something that is not base64");
    }
    if (key.length != 32) {
      throw new ConfigException(setting + ": expected base64 of 32 bytes, got " + key.length + " bytes");
    }
    return key;
  }

  private static Duration positive(Settings s, String key, Duration def) {
    Duration d = s.duration(key, def);
    if (d.isZero()) {
      throw new ConfigException(key + ": must be longer than zero, got " + d);
    }
    return d;
  }
}
