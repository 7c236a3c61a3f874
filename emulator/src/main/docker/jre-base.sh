#!/usr/bin/env bash
# Builds a JRE base image locally, for machines that cannot pull one from a registry: a jlink'd
# runtime of the JDK running this script plus the shared libraries it links against, FROM scratch.
# Same layout as the public eclipse-temurin images (java in /opt/java/openjdk/bin on the PATH),
# so the emulator's Dockerfile runs on either. Linux only (the JDK's own binaries go in the image).
#
# Usage: jre-base.sh [--tag NAME:TAG] [--force]   (default tag: s2lite-jre:<JDK feature version>)
# An image of that tag made from the same JDK build is reused unless --force. Prints the tag last.
set -euo pipefail

die() { echo "jre-base.sh: $*" >&2; exit 1; }

tag=""
force=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tag) [[ $# -ge 2 ]] || die "--tag needs a value"; tag="$2"; shift 2 ;;
    --force) force=true; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

[[ "$(uname -s)" == Linux ]] || die "a local JRE base is built from a Linux JDK; on $(uname -s) use a public base image"
command -v docker >/dev/null || die "docker is not on the PATH"
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
[[ -x "$java_home/bin/jlink" ]] || die "no jlink in $java_home (set JAVA_HOME to a JDK, not a JRE)"
settings="$("$java_home/bin/java" -XshowSettings:properties -version 2>&1)"
feature="$(sed -n 's/^ *java\.specification\.version = //p' <<<"$settings")"
jdk="$(sed -n 's/^ *java\.runtime\.version = //p' <<<"$settings")"
tag="${tag:-s2lite-jre:$feature}"

if [[ "$force" == false ]] \
    && [[ "$(docker image inspect -f '{{ index .Config.Labels "dev.s2lite.jdk" }}' "$tag" 2>/dev/null)" == "$jdk" ]]; then
  echo "jre-base.sh: $tag is up to date (JDK $jdk)" >&2
  echo "$tag"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/opt/java" "$root/etc" "$root/tmp"
chmod 1777 "$root/tmp"

# The whole Java SE API (java.desktop brings java.beans, which libraries use without a display),
# Unsafe for protobuf and zstd-jni, EC for TLS, jdk.management for the G1 region size the memory
# store sizes its chunks by. A CDS archive keeps start-up fast.
"$java_home/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.management \
  --strip-debug --no-man-pages --no-header-files --generate-cds-archive \
  --output "$root/opt/java/openjdk" >/dev/null

# Every shared library the runtime needs, at the path ldd resolves it to, except the desktop
# ones (AWT, sound, fonts): the server is headless and never loads them.
desktop='libawt_xawt|libjawt|libsplashscreen|libjsound|libfontmanager|liblcms|libjavajpeg|libmlib_image'
libs="$(find "$root/opt/java/openjdk" -name '*.so' | grep -Ev "/($desktop)\.so$")"
# shellcheck disable=SC2086
ldd "$root/opt/java/openjdk/bin/java" $libs 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' \
  | grep -v "^$root" | sort -u > "$work/libs"
# The resolver's modules, for user and host look-ups (/etc/hosts is mounted by Docker).
ls /lib/*-linux-gnu/libnss_files.so.2 /lib/*-linux-gnu/libnss_dns.so.2 2>/dev/null >> "$work/libs" || true
while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done < "$work/libs"

printf 'root:x:0:0:root:/root:/sbin/nologin\ns2lite:x:10001:10001:s2lite:/data:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\ns2lite:x:10001:\n' > "$root/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"

tar --numeric-owner --owner=0 --group=0 -C "$root" -c . | docker import \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV PATH=/opt/java/openjdk/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL org.opencontainers.image.description=\"jlink'd Java $feature runtime, built locally by s2lite-java\"" \
  --change "LABEL dev.s2lite.jdk=$jdk" \
  - "$tag" >/dev/null
echo "jre-base.sh: built $tag from JDK $jdk ($java_home)" >&2
echo "$tag"
