#!/usr/bin/env bash
# Builds the solution and runs every test project (unit and lab tests) one after the other, as root.
# Ends with one line: "tests: N passed, N failed, N skipped"; exits non-zero when anything failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

bash "$here/install-prerequisites.sh" || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$repo/TestResults"
rm -rf "$results"
mkdir -p "$results"

if ! dotnet build Agent.sln -c Release -nologo -clp:ErrorsOnly 2>&1 | tee "$results/build.log"; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

# The programs the lab tests start (meshagent, meshctl) are the NativeAOT binaries the packages ship:
# published once here, found by the tests through MESHAGENT_TEST_BINARIES (src/MeshAgent.Lab/ProgramsUnderTest.cs).
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "unsupported machine $(uname -m)"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1 ;;
esac
aot="$repo/artifacts/aot"
rm -rf "$aot"
for program in src/MeshAgent.Daemon/MeshAgent.Daemon.csproj src/MeshAgent.Cli/MeshAgent.Cli.csproj; do
  if ! dotnet publish "$program" -c Release -r "$rid" -p:PublishAot=true -p:DebugType=none \
      -p:GenerateDocumentationFile=false -o "$aot" -nologo -clp:ErrorsOnly 2>&1 | tee -a "$results/build.log"; then
    echo "NativeAOT publish of $program failed"
    echo "tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
done
export MESHAGENT_TEST_BINARIES="$aot"
echo "programs under test: NativeAOT meshagent $(stat -c %s "$aot/meshagent") bytes, meshctl $(stat -c %s "$aot/meshctl") bytes"

passed=0 failed=0 skipped=0 status=0
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log="$results/$name.log"
  echo "=== $name"
  # The hang guard only stops a test that hangs; it is not a speed requirement.
  dotnet test "$project" -c Release --no-build --nologo \
    --blame-hang-timeout 20min --results-directory "$results/$name" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" 2>&1 \
    | tee "$log" | grep -E "^\s*(Failed|Skipped) |^Total tests|^\s+(Passed|Failed|Skipped): |error" || true
  rc=${PIPESTATUS[0]}
  trx="$results/$name/$name.trx"
  counters=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -n 1)
  if [ -z "$counters" ]; then
    echo "$name: no test results (exit $rc): counted as one failure"
    failed=$((failed + 1)); status=1
    continue
  fi
  count() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
  p=$(count passed)
  f=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
  s=$(count notExecuted)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then status=1; fi
done

echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
