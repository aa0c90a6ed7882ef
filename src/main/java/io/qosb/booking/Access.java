package io.qosb.booking;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Who may see a booking, which device a request is about, and device resolution. */
final class Access {

  /**
   * The outcome of resolving several devices.
   *
   * @param devices resolved devices, distinct by key, in request order
   * @param unresolved how many could not be resolved
   * @param firstError the error of the first device that could not be resolved, or null
   */
  record Resolved(List<Device> devices, int unresolved, Throwable firstError) {}

  private final DeviceDirectory directory;

  Access(DeviceDirectory directory) {
    this.directory = Objects.requireNonNull(directory);
  }

  /**
   * The booking if the caller may act on it through the API.
   *
   * @throws CamaraException 404 NOT_FOUND if absent or of the other API; 403 PERMISSION_DENIED if
   *     another consumer owns it (the message reveals nothing of it)
   */
  static Booking owned(Optional<Booking> found, Caller caller, Api api) {
    Booking b = found.filter(x -> x.api() == api)
        .orElseThrow(() -> CamaraException.notFound("The booking does not exist."));
    if (!b.owner().equals(caller.clientId())) {
      throw CamaraException.permissionDenied("The booking was not created by this API client.");
    }
    return b;
  }

  /**
   * The devices a request is about: the given ones (two-legged) or the token's (three-legged).
   *
   * @throws CamaraException 422 MISSING_IDENTIFIER or UNNECESSARY_IDENTIFIER
   */
  static List<Device> subjects(Caller caller, List<Device> given) {
    boolean none = given == null || given.isEmpty();
    if (caller.threeLegged()) {
      if (!none) {
        throw CamaraException.unprocessable("UNNECESSARY_IDENTIFIER",
            "The device is already identified by the access token.");
      }
      return List.of(caller.tokenDevice());
    }
    if (none) {
      throw CamaraException.unprocessable("MISSING_IDENTIFIER", "The device cannot be identified.");
    }
    return given;
  }

  /** Like {@link #subjects} for one device. */
  static Device subject(Caller caller, Device given) {
    return subjects(caller, given == null ? null : List.of(given)).get(0);
  }

  Future<Device> resolve(Device device) {
    return directory.resolve(device);
  }

  /** Resolves every device; never fails, failures are counted in the result. */
  Future<Resolved> resolveAll(List<Device> devices) {
    List<Future<Object>> lookups = new ArrayList<>();
    for (Device d : devices) {
      lookups.add(directory.resolve(d).<Object>map(x -> x).otherwise(err -> err));
    }
    return Future.join(lookups).map(v -> {
      Map<String, Device> byKey = new LinkedHashMap<>();
      int unresolved = 0;
      Throwable first = null;
      for (Future<Object> f : lookups) {
        if (f.result() instanceof Device d) {
          byKey.putIfAbsent(d.key(), d);
        } else {
          unresolved++;
          first = first == null ? (Throwable) f.result() : first;
        }
      }
      return new Resolved(List.copyOf(byKey.values()), unresolved, first);
    });
  }
}
