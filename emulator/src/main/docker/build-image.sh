#!/usr/bin/env bash
# Builds the s2lite container image from the runnable jar.
#
# Usage: build-image.sh [--base IMAGE | --local-base] [--tag NAME:TAG] [--jar FILE]
#   --jar FILE     the runnable jar (default: emulator/target/s2lite.jar; build it first with
#                  mvn -q -DskipTests package)
#   --tag NAME:TAG the image to build (default: s2lite:<the jar's version>)
#   --base IMAGE   the Java runtime image to build on (default: eclipse-temurin:17-jre; when it
#                  is neither present nor pullable, a local base is built as with --local-base)
#   --local-base   build the base locally from this machine's JDK (jre-base.sh), for machines
#                  without a registry
# Prints the image it built as the last line.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
die() { echo "build-image.sh: $*" >&2; exit 1; }
say() { echo "build-image.sh: $*" >&2; }

default_base="eclipse-temurin:17-jre"
jar="$here/../../../target/s2lite.jar"
tag=""
base=""
local_base=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) [[ $# -ge 2 ]] || die "--jar needs a value"; jar="$2"; shift 2 ;;
    --tag) [[ $# -ge 2 ]] || die "--tag needs a value"; tag="$2"; shift 2 ;;
    --base) [[ $# -ge 2 ]] || die "--base needs a value"; base="$2"; shift 2 ;;
    --local-base) local_base=true; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[[ -z "$base" || "$local_base" == false ]] || die "--base and --local-base exclude each other"

[[ -f "$jar" ]] || die "no jar at $jar: build it first (mvn -q -DskipTests package)"
jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
command -v docker >/dev/null || die "docker is not on the PATH: install Docker"
docker info >/dev/null 2>&1 || die "no Docker engine answers (docker info failed): start one"

version="$(java -jar "$jar" --version | sed -n 's/^s2lite //p')"
[[ -n "$version" ]] || die "$jar does not say its version (java -jar $jar --version)"
tag="${tag:-s2lite:$version}"

if [[ "$local_base" == true ]]; then
  base="$("$here/jre-base.sh" | tail -1)"
elif [[ -z "$base" ]]; then
  base="$default_base"
  if ! docker image inspect "$base" >/dev/null 2>&1 && ! docker pull -q "$base" >/dev/null 2>&1; then
    say "cannot pull $base (no registry?): building a local base instead (jre-base.sh)"
    base="$("$here/jre-base.sh" | tail -1)"
  fi
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp "$here/Dockerfile" "$jar" "$context/"
[[ "$(basename "$jar")" == s2lite.jar ]] || mv "$context/$(basename "$jar")" "$context/s2lite.jar"
mkdir "$context/data"

say "building $tag on $base from $jar"
previous="$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)"
docker build --quiet --build-arg "BASE_IMAGE=$base" --build-arg "VERSION=$version" \
  --label "dev.s2lite.base=$base" -t "$tag" "$context" >/dev/null
# The image this tag named before is left untagged: remove it unless a container still uses it.
if [[ -n "$previous" && "$previous" != "$(docker image inspect -f '{{.Id}}' "$tag")" ]]; then
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
say "built $tag; run it: docker run --rm -p 8080:8080 $tag"
echo "$tag"
