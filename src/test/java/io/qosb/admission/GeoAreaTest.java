package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.booking.ServiceArea.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Verifies the intersection and containment tests of circles and polygons on WGS84. */
class GeoAreaTest {

  /** About 1 km of latitude in degrees. */
  static final double KM = 1 / 111.195;

  static Point p(double lat, double lon) {
    return new Point(lat, lon);
  }

  /** A square of side 2·half km around the point. */
  static GeoArea square(double lat, double lon, double halfKm) {
    double dLat = halfKm * KM;
    double dLon = halfKm * KM / Math.cos(Math.toRadians(lat));
    return GeoArea.polygon(List.of(p(lat - dLat, lon - dLon), p(lat - dLat, lon + dLon), p(lat + dLat, lon + dLon),
        p(lat + dLat, lon - dLon)));
  }

  /** Verifies circle/circle: intersect iff centres are at most r1 + r2 apart; containment likewise. */
  @Test
  void testCirclesIntersectAndContain() {
    GeoArea zone = GeoArea.circle(p(50, 7), 2000);
    assertThat(zone.intersects(GeoArea.circle(p(50 + 2.9 * KM, 7), 1000))).isTrue();
    assertThat(zone.intersects(GeoArea.circle(p(50 + 3.1 * KM, 7), 1000))).isFalse();
    assertThat(zone.contains(GeoArea.circle(p(50 + 0.9 * KM, 7), 1000))).isTrue();
    assertThat(zone.contains(GeoArea.circle(p(50 + 1.1 * KM, 7), 1000))).isFalse();
  }

  /** Verifies circle/polygon both ways, including a circle that only reaches over an edge. */
  @Test
  void testCircleAndPolygon() {
    GeoArea sq = square(40, -3, 1);
    double lonKm = KM / Math.cos(Math.toRadians(40));
    assertThat(sq.intersects(GeoArea.circle(p(40, -3 + 1.4 * lonKm), 500))).isTrue();
    assertThat(GeoArea.circle(p(40, -3 + 1.4 * lonKm), 500).intersects(sq)).isTrue();
    assertThat(sq.intersects(GeoArea.circle(p(40, -3 + 1.6 * lonKm), 500))).isFalse();
    assertThat(sq.contains(GeoArea.circle(p(40, -3), 900))).isTrue();
    assertThat(sq.contains(GeoArea.circle(p(40, -3), 1100))).isFalse();
    assertThat(GeoArea.circle(p(40, -3), 1500).contains(sq)).isTrue();
    assertThat(GeoArea.circle(p(40, -3), 1300).contains(sq)).isFalse();
  }

  /** Verifies polygon/polygon: crossing edges, one inside the other, disjoint. */
  @Test
  void testPolygons() {
    GeoArea big = square(0, 0, 10);
    assertThat(big.intersects(square(0, 0, 1))).isTrue();
    assertThat(square(0, 0, 1).intersects(big)).isTrue();
    assertThat(big.contains(square(0, 0, 1))).isTrue();
    assertThat(big.contains(square(0, 9.5 * KM, 1))).isFalse();
    assertThat(big.intersects(square(0, 9.5 * KM, 1))).isTrue();
    assertThat(big.intersects(square(0, 12 * KM, 1))).isFalse();
    assertThat(square(0, 12 * KM, 1).contains(big)).isFalse();
  }

  /** Verifies that areas on both sides of the antimeridian are seen as neighbours. */
  @Test
  void testAntimeridian() {
    GeoArea east = GeoArea.circle(p(0, 179.99), 2000);
    GeoArea west = GeoArea.circle(p(0, -179.99), 2000);
    assertThat(east.intersects(west)).isTrue();
    assertThat(east.intersects(GeoArea.circle(p(0, -179.9), 2000))).isFalse();
  }

  /** Verifies that polygons without area or crossing themselves are refused. */
  @Test
  void testPolygonFailsForBadRings() {
    assertThatThrownBy(() -> GeoArea.polygon(List.of(p(0, 0), p(1, 1), p(0, 1), p(1, 0))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GeoArea.polygon(List.of(p(0, 0), p(0, 1), p(0, 2))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GeoArea.circle(p(0, 0), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
