#!/usr/bin/env bash
# Build the one-folder desktop app dist/annotator/ (annotator, annotator-gui, _internal/)
# with PyInstaller, from a clean checkout. See packaging/README.md.
#
#   packaging/build.sh                 # uses $PYTHON, else the active python
#   PYTHON=/path/to/python packaging/build.sh
#
# The Python used must have the app's dependencies and PyInstaller; when it lacks either,
# the script makes its own venv in build/venv and installs them there (needs the network once).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$(command -v python || command -v python3)}"
START=$(date +%s)

has_everything() {
    "$1" -c "import PyInstaller, PySide6.QtSvg, sqlite_utils, platformdirs, orjson" \
        >/dev/null 2>&1
}

if ! has_everything "$PYTHON"; then
    VENV="$ROOT/build/venv"
    if ! has_everything "$VENV/bin/python"; then
        echo "build: $PYTHON lacks PyInstaller or the app's dependencies; installing them in build/venv"
        python3 -m venv "$VENV"
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
        "$VENV/bin/python" -m pip install --quiet pyinstaller "$ROOT"
    fi
    PYTHON="$VENV/bin/python"
fi
echo "build: using $PYTHON ($("$PYTHON" -m PyInstaller --version 2>/dev/null | sed 's/^/PyInstaller /'))"

# 1. The wheel, unpacked: the frozen app ships exactly what the wheel ships. pip builds it
#    in an isolated environment with the setuptools pyproject.toml asks for (cached after
#    the first time; offline with a recent setuptools and wheel: PIP_NO_BUILD_ISOLATION=0).
rm -rf build/wheel build/stage build/lib build/bdist.*  # setuptools never prunes build/lib
"$PYTHON" -m pip wheel --quiet --no-deps -w build/wheel "$ROOT"
"$PYTHON" - <<'EOF'
import glob, zipfile
(wheel,) = glob.glob("build/wheel/annotator-*.whl")
zipfile.ZipFile(wheel).extractall("build/stage")
EOF

# 2. PyInstaller.
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/annotator.spec

# 3. Smoke test: it answers --version, and on Linux it opens its window offscreen on a fresh
#    default database, which then holds the shipped samples (so it found its resources).
APP="$ROOT/dist/annotator/annotator"
[ -x "$APP.exe" ] && APP="$APP.exe"
"$APP" --version
if [ "$(uname -s)" = Linux ] && command -v timeout >/dev/null; then
    SMOKE="$(mktemp -d)"
    set +e
    ANNOTATOR_HOME="$SMOKE" QT_QPA_PLATFORM=offscreen timeout 5 "$APP" >"$SMOKE/log" 2>&1
    rc=$?
    set -e
    if [ "$rc" -ne 124 ]; then
        echo "build: the frozen app exited with status $rc instead of staying open:" >&2
        cat "$SMOKE/log" >&2
        exit 1
    fi
    ANNOTATOR_HOME="$SMOKE" "$APP" --db "$SMOKE/data/annotations.sqlite" stats | head -1
    rm -rf "$SMOKE"
fi
echo "build: done in $(( $(date +%s) - START )) s; dist/annotator is $(du -sh dist/annotator | cut -f1)"
