#!/usr/bin/env bash
# Builds both packages from one published tree (artifacts/packaging/root):
#   artifacts/packages/meshagent_<version>_<arch>.deb       (dpkg-deb)
#   artifacts/packages/meshagent-<version>-1.<arch>.rpm     (rpmbuild, from Debian's rpm package or Fedora's)
# Usage: packaging/build.sh [--aot]
#   default: a self-contained single-file executable per command (Debian and Fedora ship no .NET 10
#   runtime); --aot: NativeAOT instead (the same one-file-per-command layout, so nothing else changes).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

mode=singlefile
if [ "${1:-}" = "--aot" ]; then
  mode=aot
fi

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
case "$(uname -m)" in
  x86_64) rid=linux-x64; deb_arch=amd64; rpm_arch=x86_64 ;;
  aarch64) rid=linux-arm64; deb_arch=arm64; rpm_arch=aarch64 ;;
  *) echo "build.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

out="$repo/artifacts/packages"
work="$repo/artifacts/packaging"
stage="$work/root"
rm -rf "$work" && mkdir -p "$stage" "$out"

# One executable per command in /usr/bin. ReadyToRun: start-up time counts (systemd waits for READY=1).
publish() {
  local flags
  if [ "$mode" = aot ]; then
    flags=(-p:PublishAot=true)
  else
    flags=(--self-contained true -p:PublishSingleFile=true -p:PublishReadyToRun=true)
  fi
  dotnet publish "$1" -c Release -r "$rid" "${flags[@]}" -p:DebugType=none -p:GenerateDocumentationFile=false \
    -o "$work/publish/$2" -nologo -clp:ErrorsOnly
  install -D -m 0755 "$work/publish/$2/$2" "$stage/usr/bin/$2"
}
publish src/MeshAgent.Daemon/MeshAgent.Daemon.csproj meshagent
publish src/MeshAgent.Cli/MeshAgent.Cli.csproj meshctl
# libsodium comes from the distribution (libsodium23 / libsodium), not from the NuGet package.

doc="$stage/usr/share/doc/meshagent"
install -D -m 0644 systemd/meshagent.service "$stage/lib/systemd/system/meshagent.service"
install -D -m 0640 configs/agent.yaml "$stage/etc/meshagent/agent.yaml"
install -D -m 0644 packaging/sysctl/60-meshagent.conf "$stage/usr/lib/sysctl.d/60-meshagent.conf"
install -D -m 0644 README.md "$doc/README.md"
install -D -m 0644 LICENSE "$doc/LICENSE"
mkdir -p "$stage/usr/share/man/man8"
for page in packaging/man/*.8; do
  gzip -9n < "$page" > "$stage/usr/share/man/man8/$(basename "$page").gz"
done

# The .deb: Debian paths, the changelog and machine-readable copyright Debian policy asks for.
deb_root="$work/deb"
cp -a "$stage" "$deb_root"
rm "$deb_root/usr/share/doc/meshagent/LICENSE"
install -m 0644 packaging/deb/copyright "$deb_root/usr/share/doc/meshagent/copyright"
gzip -9n < packaging/deb/changelog > "$deb_root/usr/share/doc/meshagent/changelog.gz"
install -D -m 0644 packaging/deb/lintian-overrides "$deb_root/usr/share/lintian/overrides/meshagent"
mkdir -p "$deb_root/DEBIAN"
size_kb=$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$deb_arch/" -e "s/@SIZE_KB@/$size_kb/" packaging/deb/control.in > "$deb_root/DEBIAN/control"
install -m 0644 packaging/deb/conffiles "$deb_root/DEBIAN/conffiles"
install -m 0755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$deb_root/DEBIAN/"
(cd "$deb_root" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's| \./| |') > "$deb_root/DEBIAN/md5sums"
chmod 0644 "$deb_root/DEBIAN/md5sums"
deb="$out/meshagent_${version}_${deb_arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$deb_root" "$deb" >/dev/null
echo "built $deb"

# The rpm: the same tree, the unit in Fedora's unit dir, Source0 a tarball of it.
rpm_root="$work/rpm-root"
cp -a "$stage" "$rpm_root"
install -D -m 0644 "$rpm_root/lib/systemd/system/meshagent.service" "$rpm_root/usr/lib/systemd/system/meshagent.service"
rm -rf "$rpm_root/lib"
tar -C "$rpm_root" --owner=0 --group=0 -czf "$work/meshagent-$version-$rpm_arch.tar.gz" .
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$rpm_arch/g" packaging/rpm/meshagent.spec.in > "$work/meshagent.spec"
# --nodeps: a Debian build host has no rpm database to satisfy BuildRequires from.
rpmbuild -bb --nodeps --quiet --define "_topdir $work/rpmbuild" --define "_sourcedir $work" \
  --define "_rpmdir $work/rpms" "$work/meshagent.spec"
rpm="$out/meshagent-${version}-1.${rpm_arch}.rpm"
mv "$work/rpms/$rpm_arch"/meshagent-"$version"-1*."$rpm_arch".rpm "$rpm"
echo "built $rpm"
