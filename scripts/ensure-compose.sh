#!/usr/bin/env bash
# docker-compose (Debian's, v1.29) validates docker-compose.yml offline; no Docker engine is needed.
set -euo pipefail
command -v docker-compose >/dev/null && exit 0
echo "installing docker-compose (to validate docker-compose.yml)" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
