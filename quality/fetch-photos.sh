#!/usr/bin/env bash
# Downloads the Debian packages named in MANIFEST.tsv (apt-get download: nothing is installed),
# extracts them and writes each listed picture to quality/photos/FILE: EXIF orientation applied,
# sRGB, longest side at most 1280 px, transparency flattened on white, JPEG q90, metadata stripped.
# Needs apt-get, dpkg-deb and ImageMagick's convert. Usage: quality/fetch-photos.sh [WORKDIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${1:-${TMPDIR:-/tmp}/likeness-quality}"
out="$here/photos"
mkdir -p "$work/debs" "$work/x" "$out"
command -v convert >/dev/null || { echo "needs ImageMagick (apt-get install imagemagick)" >&2; exit 1; }

packages=$(tail -n +2 "$here/MANIFEST.tsv" | cut -f2 | sort -u)
(cd "$work/debs" && for p in $packages; do
  ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download "$p"
done)
for p in $packages; do
  [ -d "$work/x/$p" ] || dpkg-deb -x "$(ls "$work/debs/${p}"_*.deb | head -1)" "$work/x/$p"
done

n=0
while IFS=$'\t' read -r file pkg path licence author group; do
  [ "$file" = file ] && continue
  src="$work/x/$pkg$path"
  if [ ! -f "$src" ]; then echo "missing: $pkg $path" >&2; continue; fi
  [ -f "$out/$file" ] || convert "$src" -auto-orient -colorspace sRGB -background white -flatten \
      -resize '1280x1280>' -strip -quality 90 "$out/$file"
  n=$((n + 1))
done < "$here/MANIFEST.tsv"
echo "$n photos in $out"
