package io.qosb.booking;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The booking rules of both booking APIs. A QB booking is a booking of one device assigned at
 * creation; a QBA booking reserves up to 50 devices assigned later. Every method answers a
 * {@link Future}; rule violations fail it with a {@link CamaraException}.
 */
public class BookingEngine {

  private static final Logger LOG = LoggerFactory.getLogger(BookingEngine.class);
  private static final int EXPIRY_BATCH = 100;
  /** The most bookings retrieveBookingByDevice answers ({@code RetrieveBookingsOutput} maxItems), newest first. */
  static final int MAX_RETRIEVED = 100;

  private final BookingRepository repo;
  private final Access access;
  private final NewBookingRules rules;
  private final DeviceAssigner assigner;
  private final Clock clock;
  private final BookingPolicy policy;
  private final Admission admission;
  private final NetworkAvailability network;

  /**
   * A booking engine that admits every booking.
   *
   * @param repo where bookings live
   * @param directory resolves devices to subscribers
   * @param profiles which QoS profiles exist and can be booked
   * @param clock the time source
   * @param policy lead time, horizon and retention
   * @param network whether the NEF can be asked now (e.g. {@code nefClient::isAvailable})
   * @throws NullPointerException if any argument is null
   */
  public BookingEngine(BookingRepository repo, DeviceDirectory directory, ProfileRules profiles, Clock clock,
      BookingPolicy policy) {
    this(repo, directory, profiles, clock, policy, Admission.ACCEPT_ALL, NetworkAvailability.always());
  }

  /** An engine with admission control whose network is always available. */
  public BookingEngine(BookingRepository repo, DeviceDirectory directory, ProfileRules profiles, Clock clock,
      BookingPolicy policy, Admission admission) {
    this(repo, directory, profiles, clock, policy, admission, NetworkAvailability.always());
  }

  /** An engine that admits every booking, with the given network availability. */
  public BookingEngine(BookingRepository repo, DeviceDirectory directory, ProfileRules profiles, Clock clock,
      BookingPolicy policy, NetworkAvailability network) {
    this(repo, directory, profiles, clock, policy, Admission.ACCEPT_ALL, network);
  }

  /**
   * @param repo where bookings live
   * @param directory resolves devices to subscribers
   * @param profiles which QoS profiles exist and can be booked
   * @param clock the time source
   * @param policy lead time, horizon and retention
   * @param admission decides, inside the createBooking transaction, whether the network can honour a booking
   * @param network whether the NEF can be reached now (operations that need it now answer 503 otherwise)
   * @throws NullPointerException if any argument is null
   */
  public BookingEngine(BookingRepository repo, DeviceDirectory directory, ProfileRules profiles, Clock clock,
      BookingPolicy policy, Admission admission, NetworkAvailability network) {
    this.admission = Objects.requireNonNull(admission, "admission");
    this.network = Objects.requireNonNull(network, "network");
    this.repo = Objects.requireNonNull(repo, "repo");
    this.access = new Access(Objects.requireNonNull(directory, "directory"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.rules = new NewBookingRules(Objects.requireNonNull(profiles, "profiles"), policy);
    this.assigner = new DeviceAssigner(repo, access, clock, network);
  }

  /**
   * Creates a booking: QBA for {@code numDevices} devices, QB with its device assigned. Stored before
   * the future completes.
   *
   * @return the booking, SCHEDULED; or, for QB when admission refuses it, TERMINATED/BOOKING_DECLINED
   *     (stored, readable until purged: the QB spec's synchronous decline)
   * @throws CamaraException (failed future) QBA: 422 SERVICE_NOT_APPLICABLE when admission refuses (§A-1)
   */
  public Future<Booking> createBooking(Caller caller, NewBooking req) {
    return attempt(() -> {
      Instant now = clock.instant();
      Instant start = rules.check(req, now);
      Device named = subjectOfNewBooking(caller, req);
      Future<Device> device = named == null ? Future.succeededFuture() : access.resolve(named);
      return device.compose(d -> {
        rules.checkBookable(req);
        Booking b = newBooking(caller, req, start, d, now);
        List<String> keys = d == null ? List.of() : List.of(d.key());
        return repo.inTransaction(keys, tx -> withinOpenLimit(tx, caller, now)
            .compose(v -> tx.conflictingDevices(keys, b.start(), b.end(), b.id()))
            .compose(conflicts -> conflicts.isEmpty() ? tx.insertBooking(b)
                : Future.failedFuture(new CamaraException(409, req.api().conflictCode(),
                    "The device already has a booking for an overlapping time.")))
            .compose(v -> admission.admit(tx, b))
            .compose(decision -> decision.accepted() ? admitted(tx, b, caller, now) : Refusals.refuse(tx, b, decision, now)));
      });
    }).onSuccess(b -> LOG.info("booking created [bookingId: {}, api: {}, devices: {}, status: {}]", b.id(), b.api(),
        b.totalDevices(), b.status().describe()));
  }

  /**
   * Counts the caller's open bookings in the transaction that inserts the new one (issue 15): the
   * conflict check spans owners, so without a cap one consumer could hold any device for the whole
   * horizon. Concurrent creates of one consumer each count before the others commit, so the limit
   * can be passed by at most the number of transactions running at once (the store's pool size);
   * a lock per consumer would make that exact at the cost of serialising a consumer's creates.
   *
   * @throws CamaraException 429 QUOTA_EXCEEDED (failed future) when the caller holds the maximum
   */
  private Future<Void> withinOpenLimit(BookingRepository.BookingTx tx, Caller caller, Instant now) {
    return tx.holdsFewerOpenBookings(caller.clientId(), now, policy.maxOpenPerConsumer()).compose(fewer -> fewer
        ? Future.succeededFuture()
        : Future.failedFuture(new CamaraException(429, "QUOTA_EXCEEDED", "This API client already holds "
            + policy.maxOpenPerConsumer() + " open bookings, the most allowed; delete or let some end first.")));
  }

  /**
   * An admitted booking: its QB device assigned. Its start and end need no job: the stored booking
   * carries its START, due at its start, and then its END (see {@link BookingRepository.BookingTx#insertBooking}).
   */
  private static Future<Booking> admitted(BookingRepository.BookingTx tx, Booking b, Caller caller, Instant now) {
    Future<Void> assigned = b.api() == Api.QB
        ? tx.insertAssignments(b, List.of(qbAssignment(b, caller, now))) : Future.succeededFuture();
    return assigned.map(v -> b.withVersion(1));
  }

  /** QB: the device of the request or token; QBA: the token's device, to check conflicts (§A-2b). */
  private static Device subjectOfNewBooking(Caller caller, NewBooking req) {
    if (req.api() == Api.QB) {
      return Access.subject(caller, req.device());
    }
    if (req.device() != null) {
      throw new IllegalArgumentException("a QBA booking names no device at creation");
    }
    return caller.tokenDevice();
  }

  private static Booking newBooking(Caller caller, NewBooking req, Instant start, Device device, Instant now) {
    boolean qb = req.api() == Api.QB;
    return new Booking(TimeOrderedIds.at(now), caller.clientId(), req.api(), req.qosProfile(), req.startTime(), start,
        req.durationSeconds(), req.serviceArea(), req.numDevices(), qb ? 0 : req.numDevices(),
        BookingStatus.scheduled(), req.sink(), req.sinkCredential(), qb ? device : null,
        qb && caller.threeLegged(), req.flows(), now, null, null, 0, req.version());
  }

  private static Assignment qbAssignment(Booking b, Caller caller, Instant now) {
    return new Assignment(b.id(), b.device(), AssignmentState.ASSIGNED, caller.threeLegged(), b.sink(),
        b.sinkCredential(), now);
  }

  /** The booking as it reads now (a booking past its end reads as expired). */
  public Future<Booking> getBooking(Caller caller, Api api, UUID id) {
    return visible(caller, api, id);
  }

  /** The booking if owned by the caller and, for QB with a three-legged token, about its device (§A-27). */
  private Future<Booking> visible(Caller caller, Api api, UUID id) {
    return attempt(() -> repo.find(id).map(found -> Access.owned(found, caller, api).asOf(clock.instant())))
        .compose(b -> api != Api.QB || !caller.threeLegged() ? Future.succeededFuture(b)
            : access.resolve(caller.tokenDevice()).otherwise((Device) null).map(d -> {
              if (d == null || !d.key().equals(b.device().key())) {
                throw CamaraException.permissionDenied("The booking is not about the device of the access token.");
              }
              return b;
            }));
  }

  /**
   * Deletes a booking and frees its devices; afterwards it reads as 404. The devices' QoS is removed
   * from the network by a job written in the same transaction.
   *
   * @return the booking as deleted: TERMINATED/DELETE_REQUESTED if this call cancelled a live
   *     booking, else the terminal status it already had (then no event is due)
   * @throws CamaraException 503 UNAVAILABLE if the booking is active and the network unavailable
   */
  public Future<Booking> deleteBooking(Caller caller, Api api, UUID id) {
    return visible(caller, api, id).compose(seen -> repo.inTransaction(List.of(), tx -> tx.lockBooking(id)
        .map(found -> Access.owned(found, caller, api).asOf(clock.instant()))
        .compose(b -> {
          if (b.status().state() == BookingState.ACTIVE && !network.available()) {
            return Future.failedFuture(networkUnavailable());
          }
          Instant now = clock.instant();
          Booking deleted = b.status().isTerminal() ? b : b.withStatus(BookingEvent.DELETE, now);
          return tx.deleteBooking(id).compose(v -> tx.schedule(JobRequest.end(id, now))).map(v -> deleted);
        })))
        .onSuccess(b -> LOG.info("booking deleted [bookingId: {}, status: {}]", id, b.status().describe()));
  }

  /** QBA: assigns devices, as many as remain (PARTIAL_SUCCESS + QUOTA_EXCEEDED for the rest). */
  public Future<AssignmentResult> assignDevices(Caller caller, UUID id, List<Device> devices, String sink,
      SinkCredential sinkCredential) {
    return attempt(() -> assigner.assign(caller, id, devices, sink, sinkCredential));
  }

  /** QBA: the devices assigned to the booking that may be disclosed to the caller (§A-18). */
  public Future<AssignmentResult> getDevices(Caller caller, UUID id) {
    return attempt(() -> assigner.devices(caller, id));
  }

  /**
   * QBA: releases devices, giving their slots back.
   *
   * @param sink the sink for the release event (§A-22), or null; carried for the notifier
   * @param sinkCredential its credential, or null
   */
  public Future<AssignmentResult> releaseDevices(Caller caller, UUID id, List<Device> devices, String sink,
      SinkCredential sinkCredential) {
    return attempt(() -> assigner.release(caller, id, devices));
  }

  /**
   * The caller's live bookings of the API that hold the device (§A-12, §A-13), newest first, at most
   * {@value #MAX_RETRIEVED} (issue 15).
   *
   * @param device the device of a two-legged caller; null for a three-legged one
   * @throws CamaraException 403 PERMISSION_DENIED if the device has live bookings, none of the caller
   */
  public Future<List<Booking>> retrieveBookingByDevice(Caller caller, Api api, Device device) {
    return attempt(() -> access.resolve(Access.subject(caller, device)))
        .compose(d -> repo.liveBookingsOfDevice(d.key(), api, caller.clientId(), clock.instant(), MAX_RETRIEVED))
        .map(found -> {
          List<Booking> mine = found.stream().filter(b -> b.owner().equals(caller.clientId())).toList();
          if (mine.isEmpty() && !found.isEmpty()) {
            throw CamaraException.permissionDenied("The device's bookings were not created by this API client.");
          }
          return mine;
        });
  }

  /**
   * Applies a lifecycle event (activation, network termination, revocation...) now.
   *
   * @throws CamaraException 404 if the booking is gone, 409 if the event is not allowed
   */
  public Future<Booking> applyEvent(UUID id, BookingEvent event) {
    return repo.inTransaction(List.of(), tx -> tx.lockBooking(id).compose(found -> {
      Booking b = found.orElseThrow(() -> CamaraException.notFound("The booking does not exist."));
      return tx.updateBooking(b.withStatus(event, clock.instant()));
    })).onSuccess(b -> LOG.info("booking changed [bookingId: {}, status: {}]", id, b.status().describe()));
  }

  /**
   * Stores TERMINATED/DURATION_EXPIRED for live bookings whose window is over.
   *
   * @return how many bookings were marked
   */
  public Future<Integer> expireDue(Instant now) {
    return repo.dueForExpiry(now, EXPIRY_BATCH).compose(ids -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (UUID id : ids) {
        chain = chain.compose(n -> repo.inTransaction(List.of(), tx -> tx.lockBooking(id).compose(found -> {
          Booking b = found.orElse(null);
          if (b == null || b.status().isTerminal() || now.isBefore(b.end())) {
            return Future.succeededFuture(n);
          }
          return tx.updateBooking(b.withStatus(BookingEvent.EXPIRE, b.end())).map(x -> n + 1);
        })));
      }
      return chain;
    });
  }

  /**
   * Deletes bookings terminated (or ended) at least the retention period before {@code now}.
   *
   * @return how many bookings were deleted
   */
  public Future<Integer> purgeExpired(Instant now) {
    return repo.purgeEndedBefore(now.minus(policy.retention()))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("terminated bookings purged [count: {}]", n);
          }
        });
  }

  /** The failure of an operation that needs the network now while it is unavailable. */
  static CamaraException networkUnavailable() {
    return CamaraException.unavailable("The network is temporarily unavailable; try again later.");
  }

  private static <T> Future<T> attempt(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
