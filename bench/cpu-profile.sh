#!/usr/bin/env bash
# Where a running service's CPU goes, by thread and by frame: JDK 25's CPU-time sampler (bench/jfr/cpu-time.jfc)
# for a while, then a summary of the samples. Run it while load is on (bench/run.sh's wrk, or your own).
#
#   bench/cpu-profile.sh PID SECONDS [OUT.jfr]
#
# Prints the share of samples per thread group, then, for each group, the share of its samples with a frame of
# each method on the stack (inclusive) and with it on top (self). Needs the service's JDK 25 (jcmd, jfr) and
# python3. The recording stays in OUT.jfr (default a temporary file) for `jfr print` or JDK Mission Control.
set -euo pipefail
pid=${1:?usage: bench/cpu-profile.sh PID SECONDS [OUT.jfr]}
seconds=${2:?usage: bench/cpu-profile.sh PID SECONDS [OUT.jfr]}
out=${3:-$(mktemp -t cpu-profile.XXXXXX.jfr)}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$(dirname "$(readlink -f "/proc/$pid/exe")")
[[ -x $bin/jcmd && -x $bin/jfr ]] || { echo "cpu-profile: no jcmd/jfr next to $bin/java" >&2; exit 1; }

"$bin/jcmd" "$pid" JFR.start name=cpu-profile settings="$here/jfr/cpu-time.jfc" filename="$out" >/dev/null
sleep "$seconds"
"$bin/jcmd" "$pid" JFR.stop name=cpu-profile >/dev/null
echo "recording: $out"
"$bin/jfr" print --events jdk.CPUTimeSample --stack-depth 256 "$out" | python3 -c '
import collections, re, sys

text = sys.stdin.read()
samples = []
for event in text.split("jdk.CPUTimeSample {")[1:]:
    thread = re.search(r"eventThread = \"([^\"]*)\"", event)
    frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
    if frames:
        # executor-thread-7 and executor-thread-12 are one group
        samples.append((re.sub(r"[-\d]+$", "", thread.group(1) if thread else "?"), frames))
if not samples:
    sys.exit("cpu-profile: no samples (is the JVM JDK 25 on Linux, and was it busy?)")
groups = collections.Counter(g for g, _ in samples)
print(f"{len(samples)} samples")
for group, n in groups.most_common(6):
    print(f"{100 * n / len(samples):5.1f} %  {group}")
for group, n in groups.most_common(3):
    inclusive, top = collections.Counter(), collections.Counter()
    for g, frames in samples:
        if g != group:
            continue
        top[".".join(frames[0].split(".")[-2:])] += 1
        for method in {".".join(f.split(".")[-2:]) for f in frames}:
            inclusive[method] += 1
    print(f"\n== {group}: inclusive (on the stack)")
    for method, k in inclusive.most_common(40):
        print(f"{100 * k / n:5.1f} %  {method}")
    print(f"== {group}: self (on top)")
    for method, k in top.most_common(12):
        print(f"{100 * k / n:5.1f} %  {method}")
'
