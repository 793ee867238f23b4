#!/usr/bin/env bash
# Builds the meshagent packages from one `dotnet publish`:
#   artifacts/packages/meshagent_<version>_<arch>.deb          (dpkg-deb)
#   artifacts/packages/meshagent-<version>-linux-<arch>.tar.gz  (the same tree, Source0 of the rpm)
#   artifacts/packages/meshagent.spec                          (rpm spec skeleton; rpmbuild if present)
# Usage: packaging/build.sh [--framework-dependent]
#   default: self-contained (Debian's archive has no .NET runtime); --framework-dependent needs
#   aspnetcore-runtime-10.0 on the target instead and makes a much smaller package.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

self_contained=true
if [ "${1:-}" = "--framework-dependent" ]; then
  self_contained=false
fi

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
case "$(uname -m)" in
  x86_64) rid=linux-x64; deb_arch=amd64; rpm_arch=x86_64 ;;
  aarch64) rid=linux-arm64; deb_arch=arm64; rpm_arch=aarch64 ;;
  *) echo "build.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

out="$repo/artifacts/packages"
stage="$repo/artifacts/packaging/root"
rm -rf "$stage" && mkdir -p "$stage" "$out"
lib="$stage/usr/lib/meshagent"

publish() {
  dotnet publish "$1" -c Release -r "$rid" --self-contained "$self_contained" \
    -p:PublishReadyToRun=true -p:DebugType=none -p:GenerateDocumentationFile=false \
    -o "$lib" -nologo -clp:ErrorsOnly
}
publish src/MeshAgent.Daemon/MeshAgent.Daemon.csproj
publish src/MeshAgent.Cli/MeshAgent.Cli.csproj

mkdir -p "$stage/usr/bin" "$stage/lib/systemd/system" "$stage/etc/meshagent" "$stage/usr/share/doc/meshagent"
ln -s ../lib/meshagent/meshagent "$stage/usr/bin/meshagent"
ln -s ../lib/meshagent/meshctl "$stage/usr/bin/meshctl"
install -m 0644 systemd/meshagent.service "$stage/lib/systemd/system/meshagent.service"
if [ -f configs/agent.yaml ]; then
  install -m 0640 configs/agent.yaml "$stage/etc/meshagent/agent.yaml"
else
  # Until configs/agent.yaml exists: a minimal valid config (every section is optional).
  printf '# See /usr/share/doc/meshagent for every key.\nnode: {}\n' > "$stage/etc/meshagent/agent.yaml"
  chmod 0640 "$stage/etc/meshagent/agent.yaml"
fi
[ -f README.md ] && install -m 0644 README.md "$stage/usr/share/doc/meshagent/README.md"

# The .deb
deb_root="$repo/artifacts/packaging/deb"
rm -rf "$deb_root" && cp -a "$stage" "$deb_root"
mkdir -p "$deb_root/DEBIAN"
size_kb=$(du -sk "$stage" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$deb_arch/" -e "s/@SIZE_KB@/$size_kb/" packaging/deb/control.in > "$deb_root/DEBIAN/control"
install -m 0644 packaging/deb/conffiles "$deb_root/DEBIAN/conffiles"
install -m 0755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$deb_root/DEBIAN/"
deb="$out/meshagent_${version}_${deb_arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb_root" "$deb" >/dev/null
echo "built $deb"

# The rpm skeleton: tarball + spec; rpmbuild where available (Fedora/RHEL build hosts).
rpm_lib_unit="$repo/artifacts/packaging/rpm-root"
rm -rf "$rpm_lib_unit" && cp -a "$stage" "$rpm_lib_unit"
mkdir -p "$rpm_lib_unit/usr/lib/systemd/system"
mv "$rpm_lib_unit/lib/systemd/system/meshagent.service" "$rpm_lib_unit/usr/lib/systemd/system/"
rm -rf "$rpm_lib_unit/lib"
tarball="$out/meshagent-${version}-linux-${rpm_arch}.tar.gz"
tar -C "$rpm_lib_unit" --owner=0 --group=0 -czf "$tarball" .
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$rpm_arch/g" packaging/rpm/meshagent.spec.in > "$out/meshagent.spec"
echo "built $tarball and $out/meshagent.spec"
if command -v rpmbuild >/dev/null 2>&1; then
  rpmbuild -bb --define "_sourcedir $out" --define "_rpmdir $out" "$out/meshagent.spec"
fi
