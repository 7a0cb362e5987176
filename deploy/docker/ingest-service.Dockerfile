# ingest-service image. Build from the repository root:
#   docker build -f deploy/docker/ingest-service.Dockerfile -t foi-outcomes/ingest-service .
FROM debian:bookworm AS build
WORKDIR /src
COPY deploy/install-deps deploy/install-deps
RUN deploy/install-deps
COPY . .
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null \
 && cmake --build build -j"$(nproc)" --target ingest-service foi-migrate

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libgrpc++1.51 libprotobuf32 libpqxx-6.4 libpq5 libabsl20220623 libssl3 libcpp-httplib0.11 \
      libzip4 libexpat1 libjemalloc2 \
      ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 foi
COPY --from=build /src/build/ingest-service/ingest-service /usr/local/bin/ingest-service
COPY --from=build /src/build/common/foi-migrate /usr/local/bin/foi-migrate
USER foi
EXPOSE 50051 9464
ENTRYPOINT ["/usr/local/bin/ingest-service", "--listen=0.0.0.0:50051", "--metrics_listen=0.0.0.0:9464"]
