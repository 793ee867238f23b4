#!/bin/sh
# Inside the booted VM: install the package offline, run the agent as a kernel-WireGuard hub through the unit.
set -x
cd /share
t0=$(cut -d' ' -f1 /proc/uptime)
apt-get install -y -q --no-download ./meshagent_*.deb || exit 10
systemctl is-enabled meshagent; systemctl is-active meshagent
mkdir -p /etc/systemd/system/meshagent.service.d
# TCG runs .NET 30-50x slower than hardware: more start-up time than the shipped 90 s.
printf '[Service]\nTimeoutStartSec=10min\n' > /etc/systemd/system/meshagent.service.d/tcg.conf
cat > /etc/meshagent/agent.yaml <<'YAML'
node:
  name: vmhub
mesh:
  prefix: 10.10.11.0/24
  address: 10.10.11.1/24
  role: hub
  endpoint: "192.0.2.1:51820"
  backend: kernel
YAML
systemctl daemon-reload
s=$(cut -d' ' -f1 /proc/uptime)
systemctl enable --now meshagent; echo "enable rc $?"
e=$(cut -d' ' -f1 /proc/uptime)
echo "enable-to-active seconds: $s -> $e"
systemctl status meshagent --no-pager
ip -d link show wg0; cat /proc/sys/net/ipv4/ip_forward
systemctl reload meshagent; echo "reload rc $?"
systemctl status meshagent --no-pager | head -5
systemd-analyze security meshagent.service --no-pager | tail -3
systemctl stop meshagent; echo "stop rc $?"; ls -la /run/meshagent 2>&1
journalctl -u meshagent --no-pager -o short-monotonic | tail -40
echo done
