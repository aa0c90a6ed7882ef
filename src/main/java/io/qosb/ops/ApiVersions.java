package io.qosb.ops;

import io.qosb.api.Api;
import io.qosb.booking.ApiVersion;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code api.versions}: the versions of the booking APIs the adapter serves (issue 17), default
 * {@code v0.1,v0.2}. A version switched off is not mounted, so its paths answer 404 like any unknown
 * path; bookings made through it stay in the store and readable through the other version.
 */
final class ApiVersions {

  /** The configuration key. */
  static final String KEY = "api.versions";

  private ApiVersions() {
  }

  /**
   * @param s the configuration
   * @return the versions to serve, never empty
   * @throws ConfigException if the value names an unknown version or none
   */
  static Set<ApiVersion> from(Settings s) {
    Object value = s.value(KEY);
    List<String> labels = new ArrayList<>();
    if (value == null) {
      labels.addAll(List.of("v0.1", "v0.2"));
    } else if (value instanceof JsonArray a) {
      a.forEach(v -> labels.add(String.valueOf(v).trim()));
    } else {
      for (String part : String.valueOf(value).split(",")) {
        labels.add(part.trim());
      }
    }
    Set<ApiVersion> versions = EnumSet.noneOf(ApiVersion.class);
    for (String label : labels) {
      if (label.isEmpty()) {
        continue;
      }
      try {
        versions.add(ApiVersion.of(label));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(KEY + ": " + e.getMessage());
      }
    }
    if (versions.isEmpty()) {
      throw new ConfigException(KEY + ": at least one of v0.1, v0.2 is required, got '" + value + "'");
    }
    return versions;
  }

  /**
   * @param versions the versions served
   * @return the APIs to mount: QoS Profiles and the booking APIs of those versions
   */
  static List<Api> apis(Set<ApiVersion> versions) {
    List<Api> apis = new ArrayList<>();
    for (Api api : Api.values()) {
      if (api.version() == null || versions.contains(api.version())) {
        apis.add(api);
      }
    }
    return apis;
  }
}
