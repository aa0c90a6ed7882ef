package io.qosb.booking;

import java.util.List;
import java.util.Objects;

/**
 * The answer to assign, release and get-devices: QBA's {@code DeviceAssignmentOutput}.
 *
 * @param booking the booking after the operation ({@code bookingDetails})
 * @param devices devices assigned, released or listed, disclosed to this caller; may be empty
 * @param status SUCCESSFUL or PARTIAL_SUCCESS
 * @param statusInfo an {@code AssignmentStatusInfo}, or null
 */
public record AssignmentResult(Booking booking, List<Device> devices, QbaStatus status, Info statusInfo) {

  /** The QBA {@code AssignmentStatusInfo} values the engine produces. */
  public enum Info { ASSIGNMENT_COMPLETED, QUOTA_EXCEEDED, DEVICE_NOT_FOUND, DEVICE_DISCLOSURE_POLICY_APPLIED }

  /**
   * @throws NullPointerException if booking, devices or status is null
   */
  public AssignmentResult {
    Objects.requireNonNull(booking, "booking");
    devices = List.copyOf(Objects.requireNonNull(devices, "devices"));
    Objects.requireNonNull(status, "status");
  }
}
