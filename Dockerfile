# syntax=docker/dockerfile:1
# Liuyan server image: `docker compose up` (see docker-compose.yml) or
#   docker build -t liuyan . && docker run -p 8080:8080 -e LIUYAN_BIND=0.0.0.0:8080 liuyan

# --- build ---------------------------------------------------------------------------------------
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release -p liuyan \
 && install -D -m 0755 target/release/liuyan /out/liuyan

# --- runtime -------------------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/liuyan /usr/local/bin/liuyan
WORKDIR /var/lib/liuyan
ENV LIUYAN_BIND=0.0.0.0:8080
EXPOSE 8080
CMD ["liuyan", "serve"]
