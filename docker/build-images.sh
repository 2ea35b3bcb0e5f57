#!/usr/bin/env bash
# Builds the lab image and the dashboard image from the built jars (run
# ./mvnw -B install -DskipTests first), and the PostgreSQL image of the sweep database's stack
# (docker/sweep-db.yml), which needs no jars:
#   docker/build-images.sh                                      # on a public Java 17 runtime
#   OTLAB_BASE_IMAGE=otlab/base-jre:17 docker/build-images.sh   # offline (build-offline-base.sh)
# Tags: otlab/lab:dev, otlab/dashboard:dev and otlab/postgres:15 (OTLAB_LAB_IMAGE,
# OTLAB_DASHBOARD_IMAGE and OTLAB_POSTGRES_IMAGE change them; OTLAB_POSTGRES_IMAGE=none skips it);
# the Testcontainers ITs, docker-compose.yml and docker/sweep-db.yml use those tags. The PostgreSQL
# image installs Debian's postgresql-15 with apt, once: later builds take it from Docker's cache
# until the base image changes. The context is the
# repository root; .dockerignore sends only the built artifacts.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jars=$(ls "$top"/scenarios/cli/target/otlab-cli-*.jar 2>/dev/null | grep -v -c -e -sources -e -tests -e -javadoc || true)
if [ "$jars" != 1 ] || [ ! -d "$top/scenarios/cli/target/lib" ] || [ ! -f "$top/dashboard/target/quarkus-app/quarkus-run.jar" ]; then
  echo "build-images: need exactly one built otlab-cli jar, its lib/ and the dashboard app; run ./mvnw -B clean install -DskipTests first" >&2
  exit 1
fi
base="${OTLAB_BASE_IMAGE:-}"
tag="${OTLAB_LAB_IMAGE:-otlab/lab:dev}"
dashboard_tag="${OTLAB_DASHBOARD_IMAGE:-otlab/dashboard:dev}"
postgres_tag="${OTLAB_POSTGRES_IMAGE:-otlab/postgres:15}"

args=()
if [ -n "$base" ]; then args+=(--build-arg "BASE_IMAGE=$base"); fi
start=$(date +%s)
docker build -q -f "$top/docker/lab/Dockerfile" "${args[@]}" -t "$tag" "$top" >/dev/null
echo "build-images: $tag built in $(( $(date +%s) - start )) s${base:+ on $base}"
start=$(date +%s)
docker build -q -f "$top/docker/dashboard/Dockerfile" "${args[@]}" -t "$dashboard_tag" "$top" >/dev/null
echo "build-images: $dashboard_tag built in $(( $(date +%s) - start )) s${base:+ on $base}"
if [ "$postgres_tag" != none ]; then
  start=$(date +%s)
  docker build -q -f "$top/docker/postgres/Dockerfile" "${args[@]}" -t "$postgres_tag" "$top" >/dev/null
  echo "build-images: $postgres_tag built in $(( $(date +%s) - start )) s${base:+ on $base}"
fi
