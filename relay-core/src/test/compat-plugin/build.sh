#!/usr/bin/env bash
# Rebuilds ../resources/compat/compat-1.0.0.zip from these sources against plugin API 1.0.0 exactly as released
# (plugins/api at commit 1c2d620..929c7fc^, taken from git). Run it only if the fixture is lost: the point of the
# zip is that it was built once against 1.0.0 and is never rebuilt against a newer API.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(git -C "$here" rev-parse --show-toplevel)"
pf4j="$(find ~/.m2/repository/org/pf4j/pf4j -name 'pf4j-3.13.0.jar' | head -n 1)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/api-src" "$work/api" "$work/plugin/classes/META-INF" "$work/zip/lib"
git -C "$repo" archive 929c7fc^ plugins/api/src/main/java | tar -x -C "$work/api-src"
javac --release 17 -d "$work/api" -cp "$pf4j" $(find "$work/api-src" -name '*.java')
javac --release 17 -d "$work/plugin/classes" -cp "$work/api:$pf4j" -processor org.pf4j.processor.ExtensionAnnotationProcessor \
  -processorpath "$pf4j" $(find "$here/src" -name '*.java')
(cd "$work/plugin/classes" && jar cf "$work/zip/lib/compat-1.0.0.jar" .)
cp "$here/plugin.properties" "$work/zip/"
mkdir -p "$here/../resources/compat"
rm -f "$here/../resources/compat/compat-1.0.0.zip"
(cd "$work/zip" && zip -qr -X "$here/../resources/compat/compat-1.0.0.zip" plugin.properties lib)
echo "built $here/../resources/compat/compat-1.0.0.zip"
