#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test against real
# PostgreSQL, Redis and Azurite that the test fixtures start on free 127.0.0.1 ports.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
results="$(pwd)/.local/test-results"
rm -rf "$results"
status=0
dotnet test NrsGirls.sln --nologo --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=true || status=$?
# Each skipped test with its reason (the console shows only [SKIP]), then one plain closing line over
# every test project: "N passed, N failed, N skipped".
python3 - "$results" <<'PY' || true
import sys, glob, xml.etree.ElementTree as ET
p = f = s = 0
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(trx).getroot()
    for r in root.iterfind(".//{*}UnitTestResult"):
        if r.get("outcome") == "NotExecuted":
            reason = r.find("{*}Output/{*}ErrorInfo/{*}Message")
            print(f"skipped: {r.get('testName')}: {reason.text.strip() if reason is not None and reason.text else 'no reason given'}")
    c = root.find(".//{*}Counters")
    if c is None: continue
    p += int(c.get("passed", 0)); f += int(c.get("failed", 0)) + int(c.get("error", 0)); s += int(c.get("total", 0)) - int(c.get("executed", 0))
print(f"tests: {p} passed, {f} failed, {s} skipped")
PY
exit $status
