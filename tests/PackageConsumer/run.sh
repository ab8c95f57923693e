#!/usr/bin/env bash
# Packs MiniRpc, then builds and runs a project outside the solution that references only the package (from a
# local folder feed) and has a .x file: the generator must come with the package and pick the file up by itself.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-ci.$(date +%s)"

dotnet pack "$repo/src/MiniRpc/MiniRpc.csproj" -c Release -o "$work/feed" -p:Version="$version" -nologo -v quiet

mkdir "$work/consumer"
sed "s/@VERSION@/$version/" "$repo/tests/PackageConsumer/PackageConsumer.csproj.in" > "$work/consumer/PackageConsumer.csproj"
cp "$repo/tests/PackageConsumer/Program.cs" "$repo/tests/PackageConsumer/greet.x" "$work/consumer/"
cat > "$work/consumer/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$work/feed" />
  </packageSources>
  <config>
    <add key="globalPackagesFolder" value="$work/packages" />
  </config>
</configuration>
CONFIG
# The local feed adds to the machine's usual sources, which serve the package's own dependencies.
dotnet restore "$work/consumer" -nologo -v quiet
dotnet build "$work/consumer" -c Release --no-restore -nologo -v quiet
dotnet run --project "$work/consumer" -c Release --no-build
echo "package consumer: passed"
