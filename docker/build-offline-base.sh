#!/usr/bin/env bash
# Builds the offline base image (Debian bookworm minbase + a headless Java 17 runtime) for
# machines that cannot pull from an image registry, and imports it under a fixed tag. The lab
# Dockerfile then builds on it with --build-arg BASE_IMAGE=<tag>. Idempotent: does nothing when
# the tag already exists (pass --force to rebuild).
#
# Usage (as root, needs debootstrap and a running Docker engine):
#   docker/build-offline-base.sh [--force] [TAG]
# The Debian mirror is the one apt already uses on this machine (or OTLAB_DEBIAN_MIRROR).
set -euo pipefail

force=0
if [ "${1:-}" = "--force" ]; then force=1; shift; fi
tag="${1:-${OTLAB_BASE_IMAGE:-otlab/base-jre:17}}"
suite=bookworm

if [ "$force" = 0 ] && docker image inspect "$tag" >/dev/null 2>&1; then
  echo "offline base: $tag already exists, nothing to do (use --force to rebuild)"
  exit 0
fi

command -v debootstrap >/dev/null || { echo "offline base: debootstrap is missing; install it (apt-get install debootstrap)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "offline base: debootstrap needs root; run this script as root" >&2; exit 1; }

# Read the mirror from apt's own configuration so no host name is baked into the repository.
mirror="${OTLAB_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  # Some of these globs match nothing on a given machine; cat's complaint about them is expected.
  mirror=$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true) |
    awk '
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; exit } }
      /^[[:space:]]*URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\// && $i !~ /security/) { print $i; exit } }
    ' | head -n 1)
fi
[ -n "$mirror" ] || { echo "offline base: no Debian mirror found in /etc/apt/sources.list*; set OTLAB_DEBIAN_MIRROR" >&2; exit 1; }

root=$(mktemp -d /tmp/otlab-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "offline base: debootstrap $suite (minbase + openjdk-17-jre-headless) from $mirror"
start=$(date +%s)
# ca-certificates-java runs a JVM during configuration; --variant=minbase keeps the rest small.
debootstrap --variant=minbase --include=openjdk-17-jre-headless "$suite" "$root" "$mirror" >/tmp/otlab-debootstrap.log 2>&1 || {
  echo "offline base: debootstrap failed; see /tmp/otlab-debootstrap.log" >&2
  exit 1
}
# Trim what a runtime image never needs.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
  "$root"/usr/share/man/* "$root"/usr/share/locale/*
tar -C "$root" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["/bin/bash"]' - "$tag" >/dev/null
echo "offline base: imported $tag in $(( $(date +%s) - start )) s"
