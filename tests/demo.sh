#!/usr/bin/env bash
# The demo: builds meshagent and runs a small mesh lab in network namespaces (as root), printing each
# host's `meshctl status`. Pass --hold to keep the lab up until Ctrl+C.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/install-prerequisites.sh"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/MeshAgent.Demo" -c Release -nologo -clp:ErrorsOnly
exec dotnet "$here/MeshAgent.Demo/bin/Release/net10.0/MeshAgent.Demo.dll" "$@"
