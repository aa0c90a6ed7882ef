package io.qosb.admission;

import io.qosb.booking.ServiceArea;
import io.qosb.booking.ServiceArea.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A circle or a simple polygon on WGS84, with the two tests admission needs: does it intersect
 * another area, and does it contain one.
 *
 * <p>Approximation: both shapes are projected onto a local equirectangular plane centred on
 * <em>this</em> area's reference point ({@code x = R·Δλ·cos φ0}, {@code y = R·Δφ}, R = 6 371 008.8 m;
 * longitudes unwrapped across the antimeridian), where the tests are exact plane geometry. Circles
 * stay circles in that plane. The scale error of x grows with the north–south distance from the
 * reference point: about 0.1 % at 10 km, 1 % at 50 km and 4 % at 200 km at 50° latitude; near the
 * poles it is worse. A booking area that only grazes a zone's edge may therefore be judged in or out
 * by that margin. A first quick test on bounding circles (great-circle distance) rejects far-away
 * areas exactly.
 */
final class GeoArea {

  static final double EARTH_RADIUS_M = 6_371_008.8;

  private final Point center;
  private final double radius;
  private final List<Point> boundary;
  private final Point ref;
  private final double boundRadius;

  private GeoArea(Point center, double radius, List<Point> boundary) {
    this.center = center;
    this.radius = radius;
    this.boundary = List.copyOf(boundary);
    this.ref = center != null ? center : centroid(boundary);
    double r = radius;
    for (Point p : this.boundary) {
      r = Math.max(r, distance(ref, p));
    }
    this.boundRadius = r;
  }

  /**
   * @param center centre of the circle
   * @param radius radius in metres, positive
   * @throws IllegalArgumentException if the radius is not positive
   */
  static GeoArea circle(Point center, double radius) {
    if (!(radius > 0)) {
      throw new IllegalArgumentException("radius must be positive");
    }
    return new GeoArea(Objects.requireNonNull(center), radius, List.of());
  }

  /**
   * @param boundary 3 or more points of a simple polygon
   * @throws IllegalArgumentException if the polygon has fewer than 3 points, no area or crosses itself
   */
  static GeoArea polygon(List<Point> boundary) {
    if (boundary.size() < 3) {
      throw new IllegalArgumentException("a polygon needs at least 3 points");
    }
    GeoArea area = new GeoArea(null, 0, boundary);
    if (!Plane.isSimple(area.project(area.boundary, area.ref))) {
      throw new IllegalArgumentException("the polygon has no area or crosses itself");
    }
    return area;
  }

  /**
   * @return the area of a CIRCLE or POLYGON service area, or null for an AREANAME one
   */
  static GeoArea of(ServiceArea area) {
    return switch (area.type()) {
      case CIRCLE -> circle(area.center(), area.radius());
      case POLYGON -> new GeoArea(null, 0, area.boundary());
      case AREANAME -> null;
    };
  }

  boolean isCircle() {
    return center != null;
  }

  /** True if the two areas share at least one point (boundaries touching count). */
  boolean intersects(GeoArea other) {
    if (distance(ref, other.ref) > boundRadius + other.boundRadius) {
      return false;
    }
    double[][] mine = project(boundary, ref);
    double[][] theirs = project(other.boundary, ref);
    if (isCircle() && other.isCircle()) {
      return Plane.dist(xy(center, ref), xy(other.center, ref)) <= radius + other.radius;
    }
    if (isCircle()) {
      return Plane.circleMeetsPolygon(xy(center, ref), radius, theirs);
    }
    if (other.isCircle()) {
      return Plane.circleMeetsPolygon(xy(other.center, ref), other.radius, mine);
    }
    return Plane.polygonsMeet(mine, theirs);
  }

  /** True if every point of {@code inner} lies within this area. */
  boolean contains(GeoArea inner) {
    if (distance(ref, inner.ref) > boundRadius + inner.boundRadius) {
      return false;
    }
    double[][] mine = project(boundary, ref);
    double[][] theirs = project(inner.boundary, ref);
    if (isCircle()) {
      double[] c = xy(center, ref);
      if (inner.isCircle()) {
        return Plane.dist(c, xy(inner.center, ref)) + inner.radius <= radius;
      }
      for (double[] p : theirs) {
        if (Plane.dist(c, p) > radius) {
          return false;
        }
      }
      return true;
    }
    if (inner.isCircle()) {
      double[] c = xy(inner.center, ref);
      return Plane.inside(mine, c) && Plane.distToEdges(mine, c) >= inner.radius;
    }
    for (double[] p : theirs) {
      if (!Plane.inside(mine, p)) {
        return false;
      }
    }
    return !Plane.edgesCross(mine, theirs);
  }

  private double[][] project(List<Point> points, Point origin) {
    double[][] out = new double[points.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = xy(points.get(i), origin);
    }
    return out;
  }

  /** The point on the local plane of {@code origin}, in metres. */
  static double[] xy(Point p, Point origin) {
    double dLon = p.longitude() - origin.longitude();
    if (dLon > 180) {
      dLon -= 360;
    } else if (dLon < -180) {
      dLon += 360;
    }
    double x = Math.toRadians(dLon) * Math.cos(Math.toRadians(origin.latitude())) * EARTH_RADIUS_M;
    double y = Math.toRadians(p.latitude() - origin.latitude()) * EARTH_RADIUS_M;
    return new double[] {x, y};
  }

  /** Great-circle distance in metres (haversine). */
  static double distance(Point a, Point b) {
    double dLat = Math.toRadians(b.latitude() - a.latitude());
    double dLon = Math.toRadians(b.longitude() - a.longitude());
    double h = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(a.latitude())) * Math.cos(Math.toRadians(b.latitude())) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /** Mean of the vertices, longitudes unwrapped around the first one. */
  private static Point centroid(List<Point> points) {
    double lat = 0;
    double lon = 0;
    double lon0 = points.get(0).longitude();
    for (Point p : points) {
      double d = p.longitude() - lon0;
      d = d > 180 ? d - 360 : d < -180 ? d + 360 : d;
      lat += p.latitude();
      lon += lon0 + d;
    }
    lon /= points.size();
    lon = lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
    return new Point(lat / points.size(), lon);
  }

  /** The vertices of a polygon, or an empty list for a circle. */
  List<Point> boundary() {
    return new ArrayList<>(boundary);
  }
}
