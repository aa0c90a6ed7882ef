package io.qosb.booking;

import io.vertx.core.Future;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** Every well-formed device exists and is eligible; its key is its own identifier. */
final class OpenDeviceDirectory implements DeviceDirectory {

  private final Set<Device.Type> supported;

  OpenDeviceDirectory(Set<Device.Type> supported) {
    this.supported = EnumSet.copyOf(Objects.requireNonNull(supported));
  }

  @Override
  public Future<Device> resolve(Device device) {
    try {
      return Future.succeededFuture(device.select(supported));
    } catch (CamaraException e) {
      return Future.failedFuture(e);
    }
  }
}
