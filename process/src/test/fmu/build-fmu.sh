#!/usr/bin/env bash
# Builds an FMI 2.0 co-simulation FMU from its C sources with gcc: the shared library goes to
# binaries/linux64/<modelIdentifier>.so beside modelDescription.xml, and the sources to sources/,
# zipped (with the JDK's jar tool, so no zip program is needed) into the FMU file.
#
#   build-fmu.sh SOURCE_DIR OUTPUT.fmu JAR_TOOL
set -euo pipefail

src=$1
out=$2
jar=$3

if ! command -v gcc >/dev/null; then
  echo "ERROR: gcc is not installed, and the process module's tests need it to build the test FMU" \
    "${out##*/} from $src. Install a C compiler and the C library headers" \
    "(Debian: apt-get install gcc libc6-dev), or skip the tests with -DskipTests." >&2
  exit 1
fi

id=$(sed -n 's/.*modelIdentifier="\([^"]*\)".*/\1/p' "$src/modelDescription.xml" | head -n 1)
if [ -z "$id" ]; then
  echo "ERROR: $src/modelDescription.xml names no modelIdentifier." >&2
  exit 1
fi

stage="${out%.fmu}"
rm -rf "$stage" "$out"
mkdir -p "$stage/binaries/linux64" "$stage/sources"
# -fvisibility=hidden: only the fmi2* functions (FMI2_EXPORT) leave the library.
gcc -std=c99 -D_POSIX_C_SOURCE=200809L -O2 -fPIC -shared -fvisibility=hidden \
  -Wall -Wextra -Werror \
  -o "$stage/binaries/linux64/$id.so" "$src"/*.c -lm
cp "$src/modelDescription.xml" "$stage/"
cp "$src"/*.c "$src"/*.h "$stage/sources/"
"$jar" --create --no-manifest --file "$out" -C "$stage" .
echo "Built $out ($id.so)"
