#!/bin/sh
# Static analysis: cppcheck, then clang-tidy (checks in .clang-tidy), over
# every C file in BUILD/compile_commands.json, with the flags each is
# built with.  Prints the findings and exits 1 if there are any.
#
#     tools/analyze.sh [BUILD]        (`make analyze` runs it)
#
# JOBS sets how many files are analysed at once (default 2).
set -eu

cd "$(dirname "$0")/.."
build=${1:-build}
jobs=${JOBS:-2}
db=$build/compile_commands.json
out=$build/analyze

# Files left out of the analysis, as an extended regular expression on
# their paths: none.
exclude='^$'

for tool in cppcheck clang-tidy; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "analyze: $tool is missing; run tools/deps.sh" >&2
		exit 1
	fi
done
if [ ! -f "$db" ]; then
	echo "analyze: no $db; run make compdb" >&2
	exit 1
fi

# The database the tools see: the project's, less the excluded files.
rm -rf "$out"
mkdir -p "$out/cppcheck" "$out/tidy"
python3 - "$db" "$out/compile_commands.json" "$exclude" <<'EOF'
import json, re, subprocess, sys

db = json.load(open(sys.argv[1]))
keep = [e for e in db if not re.search(sys.argv[3], e["file"])]
json.dump(keep, open(sys.argv[2], "w"), indent=1)

# Every C file in the tree must be analysed: compdb.py lists them by folder.
known = {e["file"] for e in db}
tracked = subprocess.run(["git", "ls-files", "*.c"], capture_output=True,
                         text=True, check=True).stdout.split()
missing = [f for f in tracked if f not in known]
if missing:
    sys.exit("analyze: not in compile_commands.json (tools/compdb.py): " +
             " ".join(missing))
EOF

status=0
files=$(python3 -c 'import json, sys
print("\n".join(sorted(e["file"] for e in json.load(open(sys.argv[1]))
                       if e["file"].endswith(".c"))))' \
	"$out/compile_commands.json")
echo "analyze: $(echo "$files" | wc -l) C files, $jobs at a time"

# cppcheck does not take C11's _Noreturn as "does not return" (2.10), so
# every `if (!p) panic(...)` would read as a possible NULL dereference.
echo "analyze: cppcheck"
cppcheck --project="$out/compile_commands.json" \
	--cppcheck-build-dir="$out/cppcheck" -j "$jobs" --quiet \
	'-D_Noreturn=__attribute__((noreturn))' \
	--enable=warning,style,performance,portability \
	--inline-suppr --suppressions-list=tools/cppcheck.supp \
	--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
	--error-exitcode=1 || status=1

# clang-tidy, one file per run; a file's log is kept only if it failed.
echo "analyze: clang-tidy"
echo "$files" | xargs -P "$jobs" -I{} sh -c '
	log="$1/$(echo "$2" | tr / _).log"
	if clang-tidy -p "$3" --quiet "$2" >"$log" 2>&1; then
		rm -f "$log"
	fi' sh "$out/tidy" {} "$out"
for log in "$out"/tidy/*.log; do
	[ -e "$log" ] || continue
	grep -v '^[0-9]* warnings\? generated\.$' "$log" || true
	status=1
done

if [ $status -ne 0 ]; then
	echo "analyze: findings above; fix them, or see docs/testing.md" >&2
	echo "analyze: (Static analysis) for how to suppress a false positive" >&2
else
	echo "analyze: clean"
fi
exit $status
