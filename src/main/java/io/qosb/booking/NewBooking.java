package io.qosb.booking;

import java.util.Objects;

/**
 * A request to create a booking, already parsed from JSON by the API layer.
 *
 * @param api QBA or QB
 * @param qosProfile profile name
 * @param startTime RFC 3339 date-time with time zone, kept verbatim for echo
 * @param durationSeconds requested duration
 * @param serviceArea the area (see {@link ServiceArea#fromJson})
 * @param numDevices QBA: devices to reserve (default 1); QB: 1
 * @param sink booking event sink, or null
 * @param sinkCredential its credential, or null
 * @param device QB two-legged: the device; null otherwise (a three-legged caller's device comes from the token)
 * @param flows QB flow description, or {@link FlowSpec#NONE}
 * @param version the API version the request came through (issue 17)
 */
public record NewBooking(Api api, String qosProfile, String startTime, long durationSeconds,
    ServiceArea serviceArea, int numDevices, String sink, SinkCredential sinkCredential, Device device,
    FlowSpec flows, ApiVersion version) {

  /**
   * @throws NullPointerException if api, qosProfile, startTime or serviceArea is null
   */
  public NewBooking {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(qosProfile, "qosProfile");
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(serviceArea, "serviceArea");
    flows = flows == null ? FlowSpec.NONE : flows;
    version = version == null ? ApiVersion.V0_2 : version;
  }

  /** A v0.2 request (the components as above, without {@code version}). */
  public NewBooking(Api api, String qosProfile, String startTime, long durationSeconds, ServiceArea serviceArea,
      int numDevices, String sink, SinkCredential sinkCredential, Device device, FlowSpec flows) {
    this(api, qosProfile, startTime, durationSeconds, serviceArea, numDevices, sink, sinkCredential, device, flows,
        ApiVersion.V0_2);
  }

  /** The same request, made through the given API version. */
  public NewBooking through(ApiVersion v) {
    return new NewBooking(api, qosProfile, startTime, durationSeconds, serviceArea, numDevices, sink, sinkCredential,
        device, flows, v);
  }

  /** A QBA booking request; {@code numDevices} null means the default 1. */
  public static NewBooking qba(String qosProfile, String startTime, long durationSeconds, ServiceArea serviceArea,
      Integer numDevices, String sink, SinkCredential sinkCredential) {
    return new NewBooking(Api.QBA, qosProfile, startTime, durationSeconds, serviceArea,
        numDevices == null ? 1 : numDevices, sink, sinkCredential, null, FlowSpec.NONE);
  }

  /** A QB booking request for one device ({@code device} null for a three-legged caller). */
  public static NewBooking qb(String qosProfile, String startTime, long durationSeconds, ServiceArea serviceArea,
      Device device, FlowSpec flows, String sink, SinkCredential sinkCredential) {
    return new NewBooking(Api.QB, qosProfile, startTime, durationSeconds, serviceArea, 1, sink, sinkCredential,
        device, flows);
  }
}
