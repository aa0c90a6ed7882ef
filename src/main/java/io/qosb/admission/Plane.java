package io.qosb.admission;

/** Exact plane geometry on points {@code {x, y}} and closed polygon rings. */
final class Plane {

  private Plane() {
  }

  static double dist(double[] a, double[] b) {
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }

  /** True if the point lies inside the ring or on its boundary (even–odd rule). */
  static boolean inside(double[][] ring, double[] p) {
    boolean in = false;
    for (int i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      double[] a = ring[i];
      double[] b = ring[j];
      if (segmentDist(a, b, p) < 1e-9) {
        return true;
      }
      if ((a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]) {
        in = !in;
      }
    }
    return in;
  }

  /** Distance from the point to the nearest edge of the ring. */
  static double distToEdges(double[][] ring, double[] p) {
    double min = Double.MAX_VALUE;
    for (int i = 0; i < ring.length; i++) {
      min = Math.min(min, segmentDist(ring[i], ring[(i + 1) % ring.length], p));
    }
    return min;
  }

  static boolean circleMeetsPolygon(double[] c, double r, double[][] ring) {
    return inside(ring, c) || distToEdges(ring, c) <= r;
  }

  static boolean polygonsMeet(double[][] a, double[][] b) {
    return edgesTouch(a, b) || inside(a, b[0]) || inside(b, a[0]);
  }

  /** True if an edge of one ring crosses an edge of the other at a point inside both edges. */
  static boolean edgesCross(double[][] a, double[][] b) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        if (properCross(a[i], a[(i + 1) % a.length], b[j], b[(j + 1) % b.length])) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean edgesTouch(double[][] a, double[][] b) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        if (touch(a[i], a[(i + 1) % a.length], b[j], b[(j + 1) % b.length])) {
          return true;
        }
      }
    }
    return false;
  }

  /** True if the ring has an area and no two non-adjacent edges touch. */
  static boolean isSimple(double[][] ring) {
    double area2 = 0;
    int n = ring.length;
    for (int i = 0; i < n; i++) {
      area2 += ring[i][0] * ring[(i + 1) % n][1] - ring[(i + 1) % n][0] * ring[i][1];
    }
    if (Math.abs(area2) < 1e-6) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        boolean adjacent = j == i + 1 || (i == 0 && j == n - 1);
        if (!adjacent && touch(ring[i], ring[(i + 1) % n], ring[j], ring[(j + 1) % n])) {
          return false;
        }
      }
    }
    return true;
  }

  static double segmentDist(double[] a, double[] b, double[] p) {
    double dx = b[0] - a[0];
    double dy = b[1] - a[1];
    double len2 = dx * dx + dy * dy;
    double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
    return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
  }

  private static boolean properCross(double[] p1, double[] p2, double[] q1, double[] q2) {
    double d1 = cross(q1, q2, p1);
    double d2 = cross(q1, q2, p2);
    double d3 = cross(p1, p2, q1);
    double d4 = cross(p1, p2, q2);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
  }

  private static boolean touch(double[] p1, double[] p2, double[] q1, double[] q2) {
    if (properCross(p1, p2, q1, q2)) {
      return true;
    }
    return segmentDist(q1, q2, p1) < 1e-9 || segmentDist(q1, q2, p2) < 1e-9
        || segmentDist(p1, p2, q1) < 1e-9 || segmentDist(p1, p2, q2) < 1e-9;
  }

  private static double cross(double[] a, double[] b, double[] c) {
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  }
}
