#!/usr/bin/env bash
# Builds the three service images (needs a Docker engine):
#   build/image.sh [version] [repository-prefix]
# Tags <prefix>-<mode>:<version>, e.g. ynput/ayon-ftrack-leecher:1.6.4, the names the addon package's
# services reference (AyonFtrack.Server.Package.AddonPackage), so a studio can swap images in place.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version="${1:-$(sed -n 's/.*Version = "\(.*\)";/\1/p' src/Server/Package/AddonPackage.cs | head -n 1)}"
prefix="${2:-ynput/ayon-ftrack}"
tag="${version//+/-}"
for mode in leecher processor transmitter; do
  docker build -f src/Host/Dockerfile --build-arg "MODE=$mode" -t "$prefix-$mode:$tag" .
  echo "built $prefix-$mode:$tag"
done
