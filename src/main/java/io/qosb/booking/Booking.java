package io.qosb.booking;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A booking of a QoS profile, for up to {@code totalDevices} devices, in an area, for a time window.
 * Immutable; changes return a copy that the repository stores with an optimistic {@code version}.
 *
 * @param id booking id
 * @param owner API consumer that created it (token client id)
 * @param api the API it was created through
 * @param qosProfile the profile name
 * @param startTime the start time exactly as requested (echoed, §A-23)
 * @param start the start time as an instant
 * @param durationSeconds the granted (= requested) duration
 * @param serviceArea the area, with its original JSON
 * @param totalDevices devices the booking can hold
 * @param remainingDevices devices still assignable: total minus assigned, never negative
 * @param status the engine status
 * @param sink where booking events go, or null
 * @param sinkCredential the credential for the sink, or null; never returned to consumers
 * @param device QB only: the device named at creation, else null
 * @param deviceFromToken QB only: true if the device came from a three-legged token
 * @param flows QB only: flow description echoed unchanged
 * @param createdAt creation time
 * @param startedAt when it became ACTIVE, else null
 * @param terminatedAt when it became TERMINATED, else null
 * @param version optimistic lock version, 0 for a booking not stored yet
 * @param apiVersion the API version it was created through (issue 17); decides its events' terms
 */
public record Booking(UUID id, String owner, Api api, String qosProfile, String startTime, Instant start,
    long durationSeconds, ServiceArea serviceArea, int totalDevices, int remainingDevices, BookingStatus status,
    String sink, SinkCredential sinkCredential, Device device, boolean deviceFromToken, FlowSpec flows,
    Instant createdAt, Instant startedAt, Instant terminatedAt, long version, ApiVersion apiVersion) {

  /**
   * @throws NullPointerException if a required component is null
   * @throws IllegalArgumentException if the device counts are inconsistent
   */
  public Booking {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(qosProfile, "qosProfile");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(serviceArea, "serviceArea");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    flows = flows == null ? FlowSpec.NONE : flows;
    apiVersion = apiVersion == null ? ApiVersion.V0_2 : apiVersion;
    if (remainingDevices < 0 || remainingDevices > totalDevices) {
      throw new IllegalArgumentException("remainingDevices must be within 0..totalDevices");
    }
  }

  /** A booking created through v0.2 (the components as above, without {@code apiVersion}). */
  public Booking(UUID id, String owner, Api api, String qosProfile, String startTime, Instant start,
      long durationSeconds, ServiceArea serviceArea, int totalDevices, int remainingDevices, BookingStatus status,
      String sink, SinkCredential sinkCredential, Device device, boolean deviceFromToken, FlowSpec flows,
      Instant createdAt, Instant startedAt, Instant terminatedAt, long version) {
    this(id, owner, api, qosProfile, startTime, start, durationSeconds, serviceArea, totalDevices, remainingDevices,
        status, sink, sinkCredential, device, deviceFromToken, flows, createdAt, startedAt, terminatedAt, version,
        ApiVersion.V0_2);
  }

  /** The end of the booked window (exclusive). */
  public Instant end() {
    return start.plusSeconds(durationSeconds);
  }

  /** Devices assigned: total minus remaining. */
  public int assignedDevices() {
    return totalDevices - remainingDevices;
  }

  /** True if the booked windows of both bookings share any instant. */
  public boolean overlaps(Instant otherStart, Instant otherEnd) {
    return start.isBefore(otherEnd) && otherStart.isBefore(end());
  }

  /**
   * The booking as it reads at the given time: a live booking whose window is over reads as
   * TERMINATED/DURATION_EXPIRED at its end, even before a sweep stored that.
   */
  public Booking asOf(Instant now) {
    if (!status.isTerminal() && !now.isBefore(end())) {
      return withStatus(BookingEvent.EXPIRE, end());
    }
    return this;
  }

  /**
   * The booking after the event happened at the given time.
   *
   * @throws CamaraException 409 INCOMPATIBLE_STATE if the event is not allowed
   */
  public Booking withStatus(BookingEvent event, Instant at) {
    BookingStatus next = status.on(event);
    Instant started = next.state() == BookingState.ACTIVE && startedAt == null ? at : startedAt;
    Instant terminated = next.isTerminal() ? at : null;
    return new Booking(id, owner, api, qosProfile, startTime, start, durationSeconds, serviceArea, totalDevices,
        remainingDevices, next, sink, sinkCredential, device, deviceFromToken, flows, createdAt, started, terminated,
        version, apiVersion);
  }

  /** The booking with another count of remaining devices. */
  public Booking withRemainingDevices(int remaining) {
    return new Booking(id, owner, api, qosProfile, startTime, start, durationSeconds, serviceArea, totalDevices,
        remaining, status, sink, sinkCredential, device, deviceFromToken, flows, createdAt, startedAt, terminatedAt,
        version, apiVersion);
  }

  /** The booking as stored with the given version. */
  public Booking withVersion(long newVersion) {
    return new Booking(id, owner, api, qosProfile, startTime, start, durationSeconds, serviceArea, totalDevices,
        remainingDevices, status, sink, sinkCredential, device, deviceFromToken, flows, createdAt, startedAt,
        terminatedAt, newVersion, apiVersion);
  }
}
