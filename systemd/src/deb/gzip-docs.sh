#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Gzips the Debian changelog and the man page for the package: gzip -9n, so equal input gives equal bytes.
# Usage: gzip-docs.sh SRC_DEB_DIR OUT_DIR
set -eu
src=$1
out=$2
mkdir -p "$out"
gzip -9nc "$src/doc/changelog" > "$out/changelog.gz"
gzip -9nc "$src/man/edge-gateway.1" > "$out/edge-gateway.1.gz"
