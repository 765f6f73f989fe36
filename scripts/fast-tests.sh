#!/usr/bin/env bash
# The fast test tier: every test class that does not boot Quarkus (the rules, the money arithmetic, mapping,
# validation, the layout rules), in seconds rather than the full suite's minutes. Extra arguments go to Maven.
#
#   scripts/fast-tests.sh            run them
#   scripts/fast-tests.sh --list     print the classes it would run
#
# The tier is found, not listed: a test class is in it unless it carries a Quarkus test annotation (@QuarkusTest,
# @QuarkusMainTest, @QuarkusIntegrationTest) or a class it extends does. JUnit tags cannot do this job: selecting by
# tag still lets quarkus-junit build the application of every @QuarkusTest class while tests are discovered
# (4.5 minutes for nothing, measured), whereas naming the classes keeps Quarkus out of discovery altogether.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

quarkus='@Quarkus(Test|MainTest|IntegrationTest)\b'
classes=()
while IFS= read -r file; do
    grep -qE "$quarkus" "$file" && continue
    # A base class that boots Quarkus makes its subclasses boot it too.
    parent=$(grep -oE '^(public |abstract |final )*class [A-Za-z0-9_]+ extends [A-Za-z0-9_]+' "$file" | awk '{print $NF}' || true)
    if [[ -n $parent ]]; then
        parent_file=$(find src/test/java -name "$parent.java" | head -n 1)
        [[ -n $parent_file ]] && grep -qE "$quarkus" "$parent_file" && continue
    fi
    grep -qE '^\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory|Property|ArchTest)\b' "$file" || continue
    classes+=("$(basename "$file" .java)")
done < <(find src/test/java -name '*Test.java' | sort)

if [[ ${1:-} == --list ]]; then
    printf '%s\n' "${classes[@]}"
    exit 0
fi
((${#classes[@]})) || { echo "no fast test classes found" >&2; exit 1; }
list=$(IFS=,; echo "${classes[*]}")
echo "fast tier: ${#classes[@]} test classes"
exec ./mvnw -B test -Dtest="$list" -Dsurefire.failIfNoSpecifiedTests=false "$@"
