#!/usr/bin/env bash
# Builds the three service images (needs a Docker engine):
#   build/image.sh [version] [repository-prefix]
# Tags <prefix>-<mode>:<tag>, e.g. ayonftrackdotnet/ayon-ftrack-leecher:1.7.0-dotnet (docker tags cannot hold '+',
# so it becomes '-'): the names package.py declares (build/package.sh --image-prefix PREFIX must match a custom prefix).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version="${1:-$(sed -n 's/.*const string Version = "\(.*\)";/\1/p' src/Server/Package/AddonPackage.cs | head -n 1)}"
prefix="${2:-$(sed -n 's/.*const string DefaultImagePrefix = "\(.*\)";/\1/p' src/Server/Package/AddonPackage.cs | head -n 1)}"
tag="${version//+/-}"
for mode in leecher processor transmitter; do
  docker build -f src/Host/Dockerfile --build-arg "MODE=$mode" -t "$prefix-$mode:$tag" .
  echo "built $prefix-$mode:$tag"
done
