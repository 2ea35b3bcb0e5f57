#!/usr/bin/env bash
# Builds the lab image and the dashboard image from the built jars (run
# ./mvnw -B install -DskipTests first):
#   docker/build-images.sh                                      # on a public Java 17 runtime
#   OTLAB_BASE_IMAGE=otlab/base-jre:17 docker/build-images.sh   # offline (build-offline-base.sh)
# Tags: otlab/lab:dev and otlab/dashboard:dev (OTLAB_LAB_IMAGE and OTLAB_DASHBOARD_IMAGE change
# them); the Testcontainers ITs use those tags.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$(ls "$top"/scenarios/target/otlab-scenarios-*.jar 2>/dev/null | grep -v -e sources -e tests | head -n 1 || true)
app="$top/dashboard/target/quarkus-app"
if [ -z "$jar" ] || [ ! -d "$top/scenarios/target/lib" ] || [ ! -f "$app/quarkus-run.jar" ]; then
  echo "build-images: no built jars; run ./mvnw -B install -DskipTests first" >&2
  exit 1
fi
base="${OTLAB_BASE_IMAGE:-}"
tag="${OTLAB_LAB_IMAGE:-otlab/lab:dev}"
dashboard_tag="${OTLAB_DASHBOARD_IMAGE:-otlab/dashboard:dev}"

# A staged context holds exactly what the image needs, so the build never sends the repository.
ctx=$(mktemp -d /tmp/otlab-image.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
cp "$jar" "$ctx/otlab.jar"
cp -r "$top/scenarios/target/lib" "$ctx/lib"
cp -r "$top/scenarios/library" "$ctx/library"
cp "$top/docker/lab/otlab" "$ctx/otlab"

args=()
if [ -n "$base" ]; then args+=(--build-arg "BASE_IMAGE=$base"); fi
start=$(date +%s)
docker build -q -f "$top/docker/lab/Dockerfile" "${args[@]}" -t "$tag" "$ctx" >/dev/null
echo "build-images: $tag built in $(( $(date +%s) - start )) s${base:+ on $base}"

dctx=$(mktemp -d /tmp/otlab-dashboard-image.XXXXXX)
trap 'rm -rf "$ctx" "$dctx"' EXIT
cp -r "$app" "$dctx/quarkus-app"
cp -r "$top/scenarios/library" "$dctx/library"
start=$(date +%s)
docker build -q -f "$top/docker/dashboard/Dockerfile" "${args[@]}" -t "$dashboard_tag" "$dctx" >/dev/null
echo "build-images: $dashboard_tag built in $(( $(date +%s) - start )) s${base:+ on $base}"
