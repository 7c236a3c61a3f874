#!/usr/bin/env bash
# A user's project against this build: installs s2lite-testcontainers (and its parent POM) into
# a private local Maven repository, then runs the @Testcontainers test of consumer/ on the
# image the build made (s2lite:<version>), with Testcontainers 2.0.x and then 1.21.x.
# Third-party artifacts come from ~/.m2 (as a file repository) or Maven Central; nothing is
# installed into ~/.m2. Run from anywhere after `mvn verify` (or package) of the module.
#
# Usage: consumer-check.sh [2.0|1.21]...   (default: both)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
module="$root/testcontainers-module"
version="$(sed -n 's/^version=//p' "$module/target/classes/dev/s2lite/testcontainers/version.properties" 2>/dev/null || true)"
jar="$module/target/s2lite-testcontainers-$version.jar"
[[ -n "$version" && -f "$jar" ]] || { echo "consumer-check.sh: build the module first (mvn -pl testcontainers-module -am package)" >&2; exit 1; }

work="$module/target/consumer"
repo="$work/m2"
rm -rf "$work"
mkdir -p "$repo"
cp -r "$here/consumer" "$work/project"
cat > "$work/settings.xml" <<XML
<settings>
  <profiles>
    <profile>
      <id>host-repository</id>
      <repositories>
        <repository><id>host-m2</id><url>file://$HOME/.m2/repository</url><snapshots><enabled>false</enabled></snapshots></repository>
      </repositories>
      <pluginRepositories>
        <pluginRepository><id>host-m2</id><url>file://$HOME/.m2/repository</url><snapshots><enabled>false</enabled></snapshots></pluginRepository>
      </pluginRepositories>
    </profile>
  </profiles>
  <activeProfiles><activeProfile>host-repository</activeProfile></activeProfiles>
</settings>
XML
mvn=(mvn -B -ntp -s "$work/settings.xml" -Dmaven.repo.local="$repo")
install=org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file

(cd "$work" && "${mvn[@]}" -q "$install" -Dfile="$root/pom.xml" -DpomFile="$root/pom.xml")
(cd "$work" && "${mvn[@]}" -q "$install" -Dfile="$jar" -DpomFile="$module/pom.xml")

lines=("$@")
[[ ${#lines[@]} -gt 0 ]] || lines=(2.0 1.21)
for line in "${lines[@]}"; do
  echo "== consumer project on Testcontainers $line (s2lite-testcontainers $version, image s2lite:$version)"
  "${mvn[@]}" -f "$work/project/pom.xml" -P "testcontainers-$line" -Ds2lite.version="$version" test
done
