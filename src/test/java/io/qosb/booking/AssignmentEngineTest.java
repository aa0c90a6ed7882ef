package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies QBA device assignment, release and listing. */
class AssignmentEngineTest extends EngineTestBase {

  private static AssignmentResult check(AssignmentResult r, QbaStatus status, AssignmentResult.Info info,
      int devices, int remaining) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.statusInfo()).isEqualTo(info);
    assertThat(r.devices()).hasSize(devices);
    assertThat(r.booking().remainingDevices()).isEqualTo(remaining);
    return r;
  }

  /** Verifies that assigning devices that fit is SUCCESSFUL and counts them off remainingDevices. */
  @Test
  void testAssignSucceeds(VertxTestContext ctx) {
    List<Device> ds = List.of(Bookings.newDevice(), Bookings.newDevice());
    done(createQba(3).compose(b -> engine.assignDevices(APP, b.id(), ds, "https://app.example.com/a", null))
        .map(r -> check(r, QbaStatus.SUCCESSFUL, AssignmentResult.Info.ASSIGNMENT_COMPLETED, 2, 1))
        .map(r -> {
          assertThat(r.devices()).containsExactlyElementsOf(ds);
          assertThat(r.booking().version()).isEqualTo(2);
          return r;
        }), ctx);
  }

  /** Verifies that more devices than remain: the first ones are assigned, PARTIAL_SUCCESS + QUOTA_EXCEEDED; none left 409. */
  @Test
  void testAssignPartiallyForQuota(VertxTestContext ctx) {
    List<Device> ds = List.of(Bookings.newDevice(), Bookings.newDevice(), Bookings.newDevice());
    done(createQba(2).compose(b -> engine.assignDevices(APP, b.id(), ds, null, null)
        .map(r -> {
          check(r, QbaStatus.PARTIAL_SUCCESS, AssignmentResult.Info.QUOTA_EXCEEDED, 2, 0);
          assertThat(r.devices()).containsExactly(ds.get(0), ds.get(1));
          return r;
        })
        .compose(r -> fails(engine.assignDevices(APP, b.id(), List.of(Bookings.newDevice()), null, null), 409,
            "INCOMPATIBLE_STATE"))), ctx);
  }

  /** Verifies that re-assigning an assigned device is idempotent and not counted twice. */
  @Test
  void testAssignIsIdempotent(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    done(createQba(1).compose(b -> engine.assignDevices(APP, b.id(), List.of(d), null, null)
        .compose(r -> engine.assignDevices(APP, b.id(), List.of(d, d), null, null))
        .map(r -> check(r, QbaStatus.SUCCESSFUL, AssignmentResult.Info.ASSIGNMENT_COMPLETED, 1, 0))), ctx);
  }

  /** Verifies §A-2a: a device held by another overlapping booking is 409; a later booking may take it. */
  @Test
  void testAssignFailsForDeviceInOverlappingBooking(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    done(Future.all(createQba(1), createQba(1), engine.createBooking(APP, Bookings.qba(START.plusSeconds(3600), 60, 1)))
        .compose(all -> engine.assignDevices(APP, all.<Booking>resultAt(0).id(), List.of(d), null, null)
            .compose(r -> fails(engine.assignDevices(APP, all.<Booking>resultAt(1).id(), List.of(d), null, null), 409,
                "INCOMPATIBLE_STATE"))
            .compose(v -> fails(engine.createBooking(APP, qb(d)), 409, "CONFLICT"))
            .compose(v -> engine.assignDevices(APP, all.<Booking>resultAt(2).id(), List.of(d), null, null))), ctx);
  }

  /** Verifies that release gives the slot back and releasing unassigned devices is 404 IDENTIFIER_NOT_FOUND. */
  @Test
  void testReleaseReturnsSlot(VertxTestContext ctx) {
    Device a = Bookings.newDevice();
    Device b2 = Bookings.newDevice();
    done(createQba(2).compose(b -> engine.assignDevices(APP, b.id(), List.of(a, b2), null, null)
        .compose(r -> engine.releaseDevices(APP, b.id(), List.of(a, Bookings.newDevice()), null, null))
        .map(r -> {
          check(r, QbaStatus.PARTIAL_SUCCESS, AssignmentResult.Info.DEVICE_NOT_FOUND, 1, 1);
          assertThat(r.devices()).containsExactly(a);
          return r;
        })
        .compose(r -> fails(engine.releaseDevices(APP, b.id(), List.of(a), null, null), 404, "IDENTIFIER_NOT_FOUND"))
        .compose(v -> engine.releaseDevices(APP, b.id(), List.of(b2), null, null))
        .map(r -> check(r, QbaStatus.SUCCESSFUL, AssignmentResult.Info.ASSIGNMENT_COMPLETED, 1, 2))), ctx);
  }

  /** Verifies that assignment closes at the booking's end (409), and works while the booking is active. */
  @Test
  void testAssignFailsAfterEnd(VertxTestContext ctx) {
    done(createQba(2).compose(b -> {
      clock.set(b.start().plusSeconds(10));
      return engine.assignDevices(APP, b.id(), List.of(Bookings.newDevice()), null, null)
          .compose(r -> {
            clock.set(b.end());
            return fails(engine.assignDevices(APP, b.id(), List.of(Bookings.newDevice()), null, null), 409,
                "INCOMPATIBLE_STATE");
          });
    }), ctx);
  }

  /** Verifies that a deleted booking's devices are free for another booking. */
  @Test
  void testDeleteFreesAssignedDevices(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    done(Future.all(createQba(1), createQba(1)).compose(all -> {
      Booking first = all.resultAt(0);
      Booking second = all.resultAt(1);
      return engine.assignDevices(APP, first.id(), List.of(d), null, null)
          .compose(r -> engine.deleteBooking(APP, Api.QBA, first.id()))
          .compose(r -> engine.assignDevices(APP, second.id(), List.of(d), null, null));
    }), ctx);
  }

  /** Verifies identifier rules: two-legged must name devices, three-legged must not and acts on its own device. */
  @Test
  void testAssignIdentifierRules(VertxTestContext ctx) {
    Caller user = new Caller("app-1", Bookings.newPhoneNumber());
    done(createQba(2).compose(b -> Future.all(List.of(
        fails(engine.assignDevices(APP, b.id(), List.of(), null, null), 422, "MISSING_IDENTIFIER"),
        fails(engine.assignDevices(user, b.id(), List.of(Bookings.newDevice()), null, null), 422, "UNNECESSARY_IDENTIFIER"),
        fails(engine.assignDevices(OTHER_APP, b.id(), List.of(Bookings.newDevice()), null, null), 403, "PERMISSION_DENIED"),
        fails(engine.releaseDevices(APP, b.id(), null, null, null), 422, "MISSING_IDENTIFIER")))
        .compose(v -> engine.assignDevices(user, b.id(), null, null, null))
        .map(r -> check(r, QbaStatus.SUCCESSFUL, AssignmentResult.Info.ASSIGNMENT_COMPLETED, 0, 1))
        .compose(r -> engine.releaseDevices(user, b.id(), null, null, null))
        .map(r -> check(r, QbaStatus.SUCCESSFUL, AssignmentResult.Info.ASSIGNMENT_COMPLETED, 0, 2))), ctx);
  }

  /** Verifies §A-18: devices assigned with a three-legged token are withheld from two-legged callers. */
  @Test
  void testGetDevicesAppliesDisclosurePolicy(VertxTestContext ctx) {
    Caller user = new Caller("app-1", Bookings.newPhoneNumber());
    Device d = Bookings.newDevice();
    done(createQba(3).compose(b -> engine.getDevices(APP, b.id())
        .map(r -> check(r, QbaStatus.SUCCESSFUL, null, 0, 3))
        .compose(r -> engine.assignDevices(APP, b.id(), List.of(d), null, null))
        .compose(r -> engine.assignDevices(user, b.id(), null, null, null))
        .compose(r -> engine.getDevices(APP, b.id()))
        .map(r -> {
          check(r, QbaStatus.SUCCESSFUL, AssignmentResult.Info.DEVICE_DISCLOSURE_POLICY_APPLIED, 1, 1);
          assertThat(r.devices()).containsExactly(d);
          return r;
        })
        .compose(r -> engine.getDevices(user, b.id()))
        .map(r -> {
          assertThat(r.devices()).extracting(Device::key).containsExactly("tel:" + user.phoneNumber());
          return r;
        })), ctx);
  }

  /** Verifies the listed directory: unknown 404, ineligible 422, and some unknown among known is PARTIAL_SUCCESS. */
  @Test
  void testAssignWithListedDirectory(VertxTestContext ctx) {
    String known = Bookings.newPhoneNumber();
    engine = engine(listed(known), BookingPolicy.withMinLeadTime(Duration.ZERO));
    done(createQba(3).compose(b -> fails(engine.assignDevices(APP, b.id(),
            List.of(Device.ofPhoneNumber(UNKNOWN_PHONE)), null, null), 404, "IDENTIFIER_NOT_FOUND")
        .compose(v -> fails(engine.assignDevices(APP, b.id(), List.of(Device.ofPhoneNumber(INELIGIBLE_PHONE)), null, null),
            422, "SERVICE_NOT_APPLICABLE"))
        .compose(v -> engine.assignDevices(APP, b.id(),
            List.of(Device.ofPhoneNumber(known), Device.ofPhoneNumber(UNKNOWN_PHONE)), null, null))
        .map(r -> check(r, QbaStatus.PARTIAL_SUCCESS, AssignmentResult.Info.DEVICE_NOT_FOUND, 1, 2))), ctx);
  }
}
