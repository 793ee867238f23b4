#!/bin/sh
# Runs inside the booted Debian 12 VM (systemd-vm.sh) as root, with /share holding first/meshagent_*.deb,
# upgrade/meshagent_*.deb (the same tree with a higher version) and units/ (other projects' units, scored for
# comparison only). Installs the package offline and walks the unit through its life, printing one line per
# check, "CHECK name: ok" or "CHECK name: FAIL why", and "FIGURE name: value" for what is measured.
# MeshAgent.Packaging.Tests (SystemdVmTests) reads those lines; the rest of the output is for people.
set -u
cd /share || exit 2
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then echo "CHECK $name: ok"; else echo "CHECK $name: FAIL ($*)"; fi; }
figure() { echo "FIGURE $1: $2"; }
uptime_s() { cut -d' ' -f1 /proc/uptime; }
prop() { systemctl show -p "$1" --value meshagent; }
# Polls until the command succeeds or $1 seconds of guest uptime have passed (a deadline, not a count: one
# journalctl takes seconds under TCG); the limit only guards against hangs.
wait_for() {
    deadline=$(awk "BEGIN{print $(uptime_s) + $1}"); shift
    while ! "$@" >/dev/null 2>&1; do
        awk "BEGIN{exit !($(uptime_s) > $deadline)}" && return 1
        sleep 0.5
    done
}
journal_has() { journalctl -u meshagent --no-pager -o cat | grep -q -- "$1"; }
is_active() { [ "$(systemctl is-active meshagent)" = active ]; }

systemctl is-system-running --wait >/dev/null
figure boot-to-multi-user-seconds "$(uptime_s)"

# --- install offline: dependencies come from the image's apt cache ---------------------------------------
# The Recommends by name, not through apt's recommends: wireguard-tools recommends wireguard-modules, which apt
# satisfies with a whole kernel package and an initramfs build (minutes under TCG); the rig's kernel has WireGuard.
# No --no-download: apt then fails on a local .deb ("Pathname to install is not absolute"); there is no
# network, and every dependency is in the image's apt cache.
apt-get install -y -q --no-install-recommends ./first/meshagent_*.deb wireguard-tools dnsmasq-base \
    || { echo "CHECK install: FAIL (apt-get install)"; exit 0; }
echo "CHECK install: ok"
check install-leaves-disabled [ "$(systemctl is-enabled meshagent)" = disabled ]
check install-leaves-inactive [ "$(systemctl is-active meshagent)" = inactive ]
check binaries-in-usr-lib [ "$(readlink -f /usr/bin/meshagent)" = /usr/lib/meshagent/meshagent ]

# A small valid config: a kernel-WireGuard hub, dnsmasq serving DNS on wg0, and a gossip section that is off
# without an authority (the daemon logs that as a warning: the journal-priority check below).
cat > /etc/meshagent/agent.yaml <<'YAML'
node:
  name: vmhub
mesh:
  prefix: 10.10.11.0/24
  address: 10.10.11.1/24
  role: hub
  endpoint: "192.0.2.1:51820"
  backend: kernel
dns_dhcp:
  interfaces: [wg0]
  no_dhcp_interfaces: [wg0]
  upstream: []
gossip:
  port: 7946
YAML
cp /etc/meshagent/agent.yaml /tmp/good.yaml
# TCG runs .NET 30-50x slower than hardware: more start-up time than the shipped 90 s.
mkdir -p /etc/systemd/system/meshagent.service.d
printf '[Service]\nTimeoutStartSec=8min\n' > /etc/systemd/system/meshagent.service.d/tcg.conf
systemctl daemon-reload
meshagent config check; echo "config check exit $?"

# --- enable --now: activating until READY=1, then active with a STATUS= line ------------------------------
systemctl enable meshagent
t0=$(uptime_s)
systemctl start --no-block meshagent
seen=""
while :; do
    state=$(systemctl is-active meshagent)
    case " $seen " in *" $state "*) ;; *) seen="$seen $state" ;; esac
    case "$state" in active|failed) break ;; esac
    sleep 0.2
done
t1=$(uptime_s)
echo "states seen:$seen"
figure start-to-active-seconds "$(awk "BEGIN{print $t1 - $t0}")"
figure boot-to-active-seconds "$t1"
check start-active is_active
# Type=notify: the unit stays "activating" until the daemon sends READY=1 after its first reconcile.
check start-was-activating-before-ready sh -c "case '$seen' in *' activating active') exit 0 ;; *) exit 1 ;; esac"
check start-status-text [ -n "$(prop StatusText)" ]
systemctl status meshagent --no-pager -n 0 | tee /tmp/status.txt
check status-shows-status-line grep -q 'Status: "' /tmp/status.txt
check enabled [ "$(systemctl is-enabled meshagent)" = enabled ]
# Kernel WireGuard and dnsmasq through the hardened unit.
ip -d link show wg0
check kernel-wg0 sh -c 'ip -d link show wg0 | grep -q wireguard'
check wg0-address sh -c 'ip -4 addr show wg0 | grep -q 10.10.11.1/24'
# A hub forwards: the agent writes /proc/sys/net/ipv4/ip_forward through the unit's sandbox.
check hub-forwarding-on [ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ]
wg show wg0 || true
check wg0-listening sh -c 'wg show wg0 listen-port | grep -qx 51820'
# The image has no ps: the unit's cgroup lists its processes; dnsmasq must be one of them.
unit_comms() { for p in $(cat "/sys/fs/cgroup$(prop ControlGroup)/cgroup.procs"); do cat "/proc/$p/comm"; done; }
unit_comms
dnsmasq_in_unit() { unit_comms | grep -qx dnsmasq; }
check dnsmasq-running dnsmasq_in_unit
ss -lnu | grep ':53 '
check dnsmasq-dns-on-wg0 sh -c "ss -lnu | grep -q '10.10.11.1:53 '"
# dnsmasq reads the hosts files as its own user: under the unit's UMask=0077 our directory must still be 0755.
check dnsmasq-reads-hosts sh -c "! journalctl -u meshagent --no-pager -o cat | grep -q 'failed to load names'"
# The daemon sends READY=1 a moment before its local API socket listens (seen: 2 s under TCG): wait for it.
socket_there() { [ -S /run/meshagent/meshagent.sock ]; }
wait_for 60 socket_there
check meshctl-status meshctl status
meshctl status
pid=$(prop MainPID)

# --- journal priorities: the daemon's warning at the journal's warning priority ---------------------------
journalctl -u meshagent --no-pager -p warning -o verbose | grep -E '^\s+(PRIORITY|MESSAGE)=' | head -n 20
check journal-warning-priority sh -c "journalctl -u meshagent --no-pager -p 4..4 -o cat | grep -q 'section inactive'"

# --- reload: RELOADING=1 then READY=1, same PID -------------------------------------------------------------
systemctl reload meshagent; echo "reload exit $?"
wait_for 120 journal_has 'Configuration reloaded'
check reload-same-pid [ "$(prop MainPID)" = "$pid" ]
check reload-logged journal_has 'Configuration reloaded'
wait_for 60 is_active
check reload-active-again is_active
# Information stays below the warning priority (the priority travels in the journal field, not as text).
check journal-info-not-warning sh -c "! journalctl -u meshagent --no-pager -p 0..4 -o cat | grep -q 'SIGHUP\|Configuration reloaded'"

# --- security, scored inside the booted systemd ------------------------------------------------------------
systemd-analyze security meshagent.service --no-pager | tail -n 30
figure exposure-meshagent "$(systemd-analyze security meshagent.service --no-pager | sed -n 's/.*Overall exposure level for meshagent.service: \([0-9.]*\).*/\1/p')"
for unit in units/*.service; do
    figure "exposure-offline-$(basename "$unit" .service)" "$(systemd-analyze security --offline=true --no-pager "$unit" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"
done
figure exposure-offline-meshagent "$(systemd-analyze security --offline=true --no-pager /lib/systemd/system/meshagent.service | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')"

# --- watchdog: a stopped process sends no WATCHDOG=1; systemd restarts it after WatchdogSec -------------------
w0=$(uptime_s)
kill -STOP "$pid"
restarted() { p=$(prop MainPID); [ "$p" != "$pid" ] && [ "$p" != 0 ] && is_active; }
wait_for 300 restarted
w1=$(uptime_s)
check watchdog-restarted restarted
check watchdog-logged sh -c "journalctl -u meshagent --no-pager -o cat | grep -q -i 'watchdog timeout'"
figure watchdog-stop-to-active-again-seconds "$(awk "BEGIN{print $w1 - $w0}")"
pid=$(prop MainPID)

# --- a broken config: exit 78, every problem with its YAML path, no restart loop ----------------------------
cat > /etc/meshagent/agent.yaml <<'YAML'
node:
  name: vmhub
mesh:
  prefix: 10.10.11.0/24
  address: 10.10.11.1/24
  listen_port: 70000
  mtu: 100
YAML
systemctl restart meshagent; echo "restart exit $?"
# A manual restart resets NRestarts; RestartSec=2s, so a restart loop would count up within these 8 s.
restarts=$(prop NRestarts)
sleep 8
systemctl status meshagent --no-pager -n 20 | tee /tmp/status.txt
check broken-exit-78 [ "$(prop ExecMainStatus)" = 78 ]
check broken-failed [ "$(systemctl is-active meshagent)" = failed ]
check broken-no-restart-loop [ "$(prop NRestarts)" = "$restarts" ]
check broken-journal-listen-port journal_has 'mesh.listen_port'
check broken-journal-mtu journal_has 'mesh.mtu'
check broken-status-shows-problem grep -q 'mesh.listen_port' /tmp/status.txt
cp /tmp/good.yaml /etc/meshagent/agent.yaml
systemctl reset-failed meshagent
systemctl start meshagent
check fixed-config-active is_active

# --- stop: STOPPING, exit 0, the API socket gone -------------------------------------------------------------
check socket-while-running [ -S /run/meshagent/meshagent.sock ]
systemctl stop meshagent; echo "stop exit $?"
check stop-inactive [ "$(systemctl is-active meshagent)" = inactive ]
check stop-exit-0 [ "$(prop ExecMainStatus)" = 0 ]
check stop-result-success [ "$(prop Result)" = success ]
check stop-socket-gone [ ! -e /run/meshagent/meshagent.sock ]

# --- upgrade keeps the edited agent.yaml ---------------------------------------------------------------------
echo '# edited by the admin' >> /etc/meshagent/agent.yaml
apt-get install -y -q --no-install-recommends ./upgrade/meshagent_*.deb; echo "upgrade exit $?"
dpkg-query -W meshagent
check upgrade-version-newer sh -c "dpkg-query -W -f='\${Version}' meshagent | grep -q '+'"
check upgrade-keeps-config grep -q '^# edited by the admin' /etc/meshagent/agent.yaml
check upgrade-stays-stopped [ "$(systemctl is-active meshagent)" = inactive ]

# --- purge removes config and state --------------------------------------------------------------------------
check state-before-purge [ -d /var/lib/meshagent ]
apt-get purge -y -q meshagent; echo "purge exit $?"
check purge-config-gone [ ! -e /etc/meshagent ]
check purge-state-gone [ ! -e /var/lib/meshagent ]
check purge-unit-gone [ ! -e /lib/systemd/system/meshagent.service ]
check purge-not-enabled [ ! -e /etc/systemd/system/multi-user.target.wants/meshagent.service ]

journalctl -u meshagent --no-pager -o short-monotonic | tail -n 60
echo "guest checks done"
