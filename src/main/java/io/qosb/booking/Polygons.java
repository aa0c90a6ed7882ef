package io.qosb.booking;

import io.qosb.booking.ServiceArea.Point;
import java.util.List;

/** Plane geometry on (longitude, latitude), good enough to reject self-crossing boundaries. */
final class Polygons {

  private Polygons() {
  }

  /** True if the closed ring has a non-zero area and no two non-adjacent edges touch. */
  static boolean isSimple(List<Point> ring) {
    int n = ring.size();
    if (Math.abs(area2(ring)) < 1e-12) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        boolean adjacent = j == i + 1 || (i == 0 && j == n - 1);
        if (!adjacent && intersect(ring.get(i), ring.get((i + 1) % n), ring.get(j), ring.get((j + 1) % n))) {
          return false;
        }
      }
    }
    return true;
  }

  private static double area2(List<Point> ring) {
    double s = 0;
    for (int i = 0; i < ring.size(); i++) {
      Point a = ring.get(i);
      Point b = ring.get((i + 1) % ring.size());
      s += a.longitude() * b.latitude() - b.longitude() * a.latitude();
    }
    return s;
  }

  private static boolean intersect(Point p1, Point p2, Point q1, Point q2) {
    double d1 = cross(q1, q2, p1);
    double d2 = cross(q1, q2, p2);
    double d3 = cross(p1, p2, q1);
    double d4 = cross(p1, p2, q2);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
      return true;
    }
    return (d1 == 0 && onSegment(q1, q2, p1)) || (d2 == 0 && onSegment(q1, q2, p2))
        || (d3 == 0 && onSegment(p1, p2, q1)) || (d4 == 0 && onSegment(p1, p2, q2));
  }

  private static double cross(Point a, Point b, Point c) {
    return (b.longitude() - a.longitude()) * (c.latitude() - a.latitude())
        - (b.latitude() - a.latitude()) * (c.longitude() - a.longitude());
  }

  private static boolean onSegment(Point a, Point b, Point p) {
    return Math.min(a.longitude(), b.longitude()) <= p.longitude() && p.longitude() <= Math.max(a.longitude(), b.longitude())
        && Math.min(a.latitude(), b.latitude()) <= p.latitude() && p.latitude() <= Math.max(a.latitude(), b.latitude());
  }
}
