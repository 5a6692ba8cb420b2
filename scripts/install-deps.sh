#!/usr/bin/env bash
# Installs the Debian 12 packages needed to build, run and test CareDelegation.
# Does nothing (and needs no network) when they are all installed already.
set -euo pipefail

packages=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev
  libsqlite3-dev sqlite3
  libsoup-3.0-dev libjson-glib-dev libsodium-dev
  libsecret-1-dev gnome-keyring
  gettext desktop-file-utils appstream
  xvfb xauth dbus at-spi2-core python3-pyatspi
  imagemagick poppler-utils
  glib-networking curl openssl ca-certificates
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
