#!/usr/bin/env bash
# CI for the Python package: install what the tests need, build and install `despin` from
# ./python, then run the pytest suite (agreement with the `despin` command on ../shared,
# errors, batches, threads, and the Spark job in local mode).
#
# Run from anywhere: python/ci.sh. Needs the Rust toolchain, python3 and network access to
# the package indexes; installs Java from Debian's packages when `java` is missing (as root,
# or through sudo). Python packages go into a virtual environment ($DESPIN_VENV, default
# python/.venv), never into the system's Python. Exits non-zero on any failure, including
# a test run that collected no tests.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="${DESPIN_VENV:-$here/.venv}"
cd "$repo"
started=$SECONDS
step() { printf '\n== python/ci.sh: %s (%ds)\n' "$1" $((SECONDS - started)); }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "python/ci.sh: need root to run: $*" >&2; return 1; fi
}

step "Java"
if ! command -v java >/dev/null 2>&1 && ! [ -x "${JAVA_HOME:-/nonexistent}/bin/java" ]; then
    as_root apt-get update
    # Spark 4 needs Java 17 or 21; Debian's default JRE is 17 on bookworm, 21 on trixie.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends default-jre-headless
fi
java -version 2>&1 | head -1

step "virtual environment $venv"
if [ ! -x "$venv/bin/python" ]; then
    if ! python3 -m venv "$venv"; then
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-venv
        python3 -m venv "$venv"
    fi
fi
py="$venv/bin/python"
# As if activated: the build backend runs `maturin` from PATH.
export PATH="$venv/bin:$PATH" VIRTUAL_ENV="$venv"
"$py" -m pip install --quiet --upgrade pip
"$py" -m pip install --quiet "maturin>=1.9.4,<2" "pytest>=7" "pyspark>=3.5"

step "the despin command (to compare with)"
nice cargo build --release --example despin

step "build and install the package (pip install ./python)"
# The build backend (maturin) is already in the environment: no isolated download.
nice "$py" -m pip install --no-build-isolation --force-reinstall --no-deps ./python

step "Rust unit tests of the binding"
PYO3_PYTHON="$py" nice cargo test --release --quiet --manifest-path python/Cargo.toml

step "pytest"
set +e
# Run from python/tests' parent with the installed package, not the source directory
# (whose despin/ has no native module).
(cd "$here/tests" && \
    DESPIN_REQUIRE_SHARED=1 DESPIN_REQUIRE_SPARK=1 \
    DESPIN_BIN="$repo/target/release/examples/despin" \
    PYSPARK_PYTHON="$py" \
    "$py" -m pytest -q -p no:cacheprovider -rs "$here/tests")
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "python/ci.sh: pytest collected no tests" >&2
    exit 1
fi
step "done, pytest exit status $status"
exit "$status"
