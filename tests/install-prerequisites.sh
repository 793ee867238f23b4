#!/usr/bin/env bash
# Installs what the build, the tests and the demo need on a Debian/Ubuntu machine, as root.
# Idempotent: a second run installs nothing. Services that packages would start on install
# (dnsmasq, prometheus, ...) are kept from starting: the tests start their own instances.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-prerequisites: run as root (network namespaces and packages need it)" >&2
  exit 1
fi

mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$repo/.ci/packages.txt" | awk '{print $1}' | sort -u)
missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ! command -v dotnet >/dev/null 2>&1; then
  # Ubuntu carries the SDK in its archive; Debian does not (install it from Microsoft's packages).
  missing+=("dotnet-sdk-10.0")
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-prerequisites: installing ${missing[*]}"
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o DPkg::Lock::Timeout=600
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}" >/dev/null
fi
# firewalld must never own this machine's firewall: the lab starts its own on a private bus. policy-rc.d kept
# it from starting on install; masking keeps it from starting at the next boot (works without a running systemd).
if [ -e /lib/systemd/system/firewalld.service ] && command -v systemctl >/dev/null 2>&1; then
  if [ "$(readlink -f /etc/systemd/system/firewalld.service 2>/dev/null)" != /dev/null ]; then
    systemctl disable --now firewalld.service >/dev/null 2>&1 || true
    systemctl mask firewalld.service >/dev/null
  fi
fi
# /run/wireguard is where wireguard-go and wg(8) look for sockets; lab hosts bind private dirs over it.
mkdir -p /run/wireguard
