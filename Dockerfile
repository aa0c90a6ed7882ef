# qos-booking-adapter image. Build the jar first: mvn -B -q -DskipTests package
#   docker build -t ghcr.io/qos-booking-adapter/qos-booking-adapter:0.1.0 .
# The Helm chart (helm/qos-booking-adapter) runs it with a read-only root file system, mounting
# /tmp and /app/data as writable volumes.
FROM eclipse-temurin:17-jre

# A fixed non-root uid/gid, so that Kubernetes can check runAsNonRoot and own volumes with fsGroup.
RUN groupadd --system --gid 10001 qosb \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin qosb \
 && mkdir -p /app/config /app/data \
 && chown 10001:10001 /app/data

WORKDIR /app
# Root-owned and read-only for the adapter: only /app/data (the embedded H2 store, ./data/qosb) is writable.
COPY target/qos-booking-adapter.jar /app/qos-booking-adapter.jar
COPY config/application.yaml /app/config/application.yaml

USER 10001:10001
EXPOSE 8080

# Heap sized from the container's memory limit; an OutOfMemoryError ends the JVM so that Kubernetes
# restarts the pod instead of leaving it half-alive. Extra options go in JDK_JAVA_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/qos-booking-adapter.jar"]
CMD ["serve"]
