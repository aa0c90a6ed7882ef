package io.qosb.booking;

import io.qosb.booking.BookingRepository.BookingTx;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** QBA device assignment and release: quota, conflicts and the booking's remaining devices. */
final class DeviceAssigner {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceAssigner.class);

  private final BookingRepository repo;
  private final Access access;
  private final Clock clock;
  private final NetworkAvailability network;

  DeviceAssigner(BookingRepository repo, Access access, Clock clock, NetworkAvailability network) {
    this.repo = Objects.requireNonNull(repo);
    this.access = Objects.requireNonNull(access);
    this.clock = Objects.requireNonNull(clock);
    this.network = Objects.requireNonNull(network);
  }

  Future<AssignmentResult> assign(Caller caller, UUID id, List<Device> devices, String sink, SinkCredential cred) {
    return repo.find(id)
        .map(found -> Access.owned(found, caller, Api.QBA))
        .map(b -> Access.subjects(caller, devices))
        .compose(access::resolveAll)
        .compose(resolved -> {
          if (resolved.devices().isEmpty()) {
            return Future.failedFuture(resolved.firstError());
          }
          List<String> keys = resolved.devices().stream().map(Device::key).toList();
          return repo.inTransaction(keys, tx -> assignIn(tx, caller, id, resolved, sink, cred));
        });
  }

  private Future<AssignmentResult> assignIn(BookingTx tx, Caller caller, UUID id, Access.Resolved resolved,
      String sink, SinkCredential cred) {
    Instant now = clock.instant();
    return tx.lockBooking(id)
        .map(found -> assignable(Access.owned(found, caller, Api.QBA), now))
        .map(this::networkIfActive)
        .compose(b -> tx.assignments(id).compose(existing -> {
          Set<String> held = existing.stream().map(a -> a.device().key()).collect(Collectors.toSet());
          List<Device> already = resolved.devices().stream().filter(d -> held.contains(d.key())).toList();
          List<Device> fresh = resolved.devices().stream().filter(d -> !held.contains(d.key())).toList();
          return tx.conflictingDevices(fresh.stream().map(Device::key).toList(), b.start(), b.end(), id)
              .compose(conflicts -> {
                if (!conflicts.isEmpty()) {
                  return Future.failedFuture(CamaraException.incompatibleState(
                      "A device is already assigned to another booking for an overlapping time."));
                }
                return insert(tx, caller, b, fresh, already, resolved.unresolved(), sink, cred, now);
              });
        }));
  }

  private Future<AssignmentResult> insert(BookingTx tx, Caller caller, Booking b, List<Device> fresh,
      List<Device> already, int unresolved, String sink, SinkCredential cred, Instant now) {
    int fit = Math.min(b.remainingDevices(), fresh.size());
    if (fit == 0 && !fresh.isEmpty() && already.isEmpty()) {
      return Future.failedFuture(CamaraException.incompatibleState(
          "The booking has no remaining devices; release a device first."));
    }
    List<Device> added = fresh.subList(0, fit);
    List<Assignment> rows = added.stream()
        .map(d -> new Assignment(b.id(), d, AssignmentState.ASSIGNED, caller.threeLegged(), sink, cred, now))
        .toList();
    AssignmentResult.Info info = fit < fresh.size() ? AssignmentResult.Info.QUOTA_EXCEEDED
        : unresolved > 0 ? AssignmentResult.Info.DEVICE_NOT_FOUND : AssignmentResult.Info.ASSIGNMENT_COMPLETED;
    QbaStatus status = info == AssignmentResult.Info.ASSIGNMENT_COMPLETED ? QbaStatus.SUCCESSFUL : QbaStatus.PARTIAL_SUCCESS;
    List<Device> shown = new ArrayList<>(already);
    shown.addAll(added);
    Future<Booking> stored = fit == 0 ? Future.succeededFuture(b)
        : tx.insertAssignments(b, rows).compose(v -> tx.updateBooking(b.withRemainingDevices(b.remainingDevices() - fit)))
            .compose(after -> activateNow(tx, b, added, now).map(after));
    return stored.map(after -> {
      LOG.debug("devices assigned [bookingId: {}, assigned: {}, remaining: {}]", b.id(), fit, after.remainingDevices());
      // a three-legged caller named no device, so none is echoed
      return new AssignmentResult(after, caller.threeLegged() ? List.of() : shown, status, info);
    });
  }

  /** Late assignment: devices assigned during the window get their QoS at once (§2.5). */
  private static Future<Void> activateNow(BookingTx tx, Booking b, List<Device> added, Instant now) {
    if (b.status().state() != BookingState.ACTIVE) {
      // before the start, the START job activates every device assigned by then
      return Future.succeededFuture();
    }
    Future<Void> chain = Future.succeededFuture();
    for (Device d : added) {
      chain = chain.compose(v -> tx.schedule(JobRequest.activate(b.id(), d.key(), now)));
    }
    return chain;
  }

  /** @throws CamaraException 503 UNAVAILABLE if the booking is active and the network is not */
  private Booking networkIfActive(Booking b) {
    if (b.status().state() == BookingState.ACTIVE && !network.available()) {
      throw BookingEngine.networkUnavailable();
    }
    return b;
  }

  /**
   * @throws CamaraException 409 INCOMPATIBLE_STATE unless devices can be assigned now (§A-4)
   */
  private static Booking assignable(Booking stored, Instant now) {
    Booking b = stored.asOf(now);
    BookingState s = b.status().state();
    if (s != BookingState.SCHEDULED && s != BookingState.ACTIVE) {
      throw CamaraException.incompatibleState("Devices cannot be assigned: the booking is "
          + (s == BookingState.REQUESTED ? "pending" : b.status().describe()) + ".");
    }
    return b;
  }

  Future<AssignmentResult> release(Caller caller, UUID id, List<Device> devices) {
    return repo.find(id)
        .map(found -> Access.owned(found, caller, Api.QBA))
        .map(b -> Access.subjects(caller, devices))
        .compose(access::resolveAll)
        .compose(resolved -> {
          if (resolved.devices().isEmpty()) {
            return Future.failedFuture(notAssigned());
          }
          List<String> keys = resolved.devices().stream().map(Device::key).toList();
          return repo.inTransaction(keys, tx -> releaseIn(tx, caller, id, resolved));
        });
  }

  private Future<AssignmentResult> releaseIn(BookingTx tx, Caller caller, UUID id, Access.Resolved resolved) {
    Instant now = clock.instant();
    return tx.lockBooking(id)
        .map(found -> assignable(Access.owned(found, caller, Api.QBA), now))
        .compose(b -> tx.assignments(id).compose(existing -> {
          Set<String> wanted = resolved.devices().stream().map(Device::key).collect(Collectors.toSet());
          List<Device> released = existing.stream().map(Assignment::device)
              .filter(d -> wanted.contains(d.key())).toList();
          if (released.isEmpty()) {
            return Future.failedFuture(notAssigned());
          }
          boolean all = released.size() == resolved.devices().size() && resolved.unresolved() == 0;
          return tx.deleteAssignments(id, released.stream().map(Device::key).toList())
              .compose(v -> deactivate(tx, id, released, now))
              .compose(v -> tx.updateBooking(b.withRemainingDevices(b.remainingDevices() + released.size())))
              .map(after -> new AssignmentResult(after, caller.threeLegged() ? List.of() : released,
                  all ? QbaStatus.SUCCESSFUL : QbaStatus.PARTIAL_SUCCESS,
                  all ? AssignmentResult.Info.ASSIGNMENT_COMPLETED : AssignmentResult.Info.DEVICE_NOT_FOUND));
        }));
  }

  /** Released devices lose their QoS: a job per device, a no-op for one never activated. */
  private static Future<Void> deactivate(BookingTx tx, UUID id, List<Device> released, Instant now) {
    Future<Void> chain = Future.succeededFuture();
    for (Device d : released) {
      chain = chain.compose(v -> tx.schedule(JobRequest.deactivate(id, d.key(), now)));
    }
    return chain;
  }

  private static CamaraException notAssigned() {
    return CamaraException.identifierNotFound("None of the devices is assigned to the booking.");
  }

  Future<AssignmentResult> devices(Caller caller, UUID id) {
    Instant now = clock.instant();
    Future<String> tokenKey = caller.threeLegged()
        ? access.resolve(caller.tokenDevice()).map(Device::key).otherwise((String) null)
        : Future.succeededFuture(null);
    return repo.find(id)
        .map(found -> Access.owned(found, caller, Api.QBA).asOf(now))
        .compose(b -> Future.all(repo.assignments(id), tokenKey).map(all -> {
          List<Assignment> rows = all.resultAt(0);
          String key = all.resultAt(1);
          List<Device> shown = rows.stream()
              .filter(a -> caller.threeLegged() ? a.device().key().equals(key) : !a.threeLegged())
              .map(Assignment::device).toList();
          AssignmentResult.Info info = shown.size() < rows.size() ? AssignmentResult.Info.DEVICE_DISCLOSURE_POLICY_APPLIED
              : shown.isEmpty() ? null : AssignmentResult.Info.ASSIGNMENT_COMPLETED;
          return new AssignmentResult(b, shown, QbaStatus.SUCCESSFUL, info);
        }));
  }
}
