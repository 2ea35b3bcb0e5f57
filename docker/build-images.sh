#!/usr/bin/env bash
# Builds the lab image and the dashboard image from the built jars (run
# ./mvnw -B install -DskipTests first):
#   docker/build-images.sh                                      # on a public Java 17 runtime
#   OTLAB_BASE_IMAGE=otlab/base-jre:17 docker/build-images.sh   # offline (build-offline-base.sh)
# Tags: otlab/lab:dev and otlab/dashboard:dev (OTLAB_LAB_IMAGE and OTLAB_DASHBOARD_IMAGE change
# them); the Testcontainers ITs and docker-compose.yml use those tags. The context is the
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

args=()
if [ -n "$base" ]; then args+=(--build-arg "BASE_IMAGE=$base"); fi
start=$(date +%s)
docker build -q -f "$top/docker/lab/Dockerfile" "${args[@]}" -t "$tag" "$top" >/dev/null
echo "build-images: $tag built in $(( $(date +%s) - start )) s${base:+ on $base}"
start=$(date +%s)
docker build -q -f "$top/docker/dashboard/Dockerfile" "${args[@]}" -t "$dashboard_tag" "$top" >/dev/null
echo "build-images: $dashboard_tag built in $(( $(date +%s) - start )) s${base:+ on $base}"
