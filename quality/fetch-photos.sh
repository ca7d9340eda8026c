#!/usr/bin/env bash
# Rebuilds the evaluation set in quality/photos/ from MANIFEST.tsv: downloads the Debian packages it
# names (apt-get download: nothing is installed), extracts them, and writes each listed picture as
# FILE: EXIF orientation applied, sRGB, transparency flattened on white, longest side at most
# 1280 px, JPEG q90, metadata stripped. A row with a `frame` is that frame (0-based) of a video,
# decoded with ffmpeg. Also writes photos/groups.tsv (file, group, relation) for the harness's
# group-aware split. Idempotent: files already there are kept, files no longer listed are removed.
# Needs apt-get, dpkg-deb, ImageMagick's convert and ffmpeg. Usage: quality/fetch-photos.sh [WORKDIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${1:-${TMPDIR:-/tmp}/likeness-quality}"
out="$here/photos"
manifest="$here/MANIFEST.tsv"
mkdir -p "$work/debs" "$work/x" "$out"
command -v convert >/dev/null || { echo "needs ImageMagick (apt-get install imagemagick)" >&2; exit 1; }
command -v ffmpeg >/dev/null || { echo "needs ffmpeg (apt-get install ffmpeg)" >&2; exit 1; }

packages=$(tail -n +2 "$manifest" | cut -f2 | sort -u)
downloaded=0
(cd "$work/debs" && for p in $packages; do
  ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download -q "$p"
done)
for p in $packages; do
  if [ ! -d "$work/x/$p" ]; then
    dpkg-deb -x "$(ls "$work/debs/${p}"_*.deb | head -1)" "$work/x/$p"
    downloaded=$((downloaded + 1))
  fi
done

# convert reads stdin as "-"; keeps the one normalisation for stills and video frames alike.
normalise() { convert "$1" -auto-orient -colorspace sRGB -background white -flatten \
    -resize '1280x1280>' -strip -quality 90 "$2"; }

made=0 kept=0 missing=0
listed="$work/listed.txt"
groups="$out/groups.tsv.tmp"
: > "$listed"
printf 'file\tgroup\trelation\n' > "$groups"
while IFS=$'\t' read -r file pkg path licence author group frame; do
  [ "$file" = file ] && continue
  echo "$file" >> "$listed"
  if [ -n "$group" ]; then
    # "copy:" groups are the same picture kept twice (never split); all others are near-identical
    # non-copies (burst frames, stereo pairs, one subject), split on purpose.
    case "$group" in copy:*) rel=copy ;; *) rel=near ;; esac
    printf '%s\t%s\t%s\n' "$file" "$group" "$rel" >> "$groups"
  fi
  if [ -f "$out/$file" ]; then kept=$((kept + 1)); continue; fi
  src="$work/x/$pkg$path"
  if [ ! -f "$src" ]; then echo "missing: $pkg $path" >&2; missing=$((missing + 1)); continue; fi
  tmp="$out/.$file.tmp.jpg"
  if [ -n "$frame" ]; then
    ffmpeg -v error -nostdin -i "$src" -vf "select=eq(n\\,$frame)" -frames:v 1 -f image2pipe -c:v png - \
      | normalise png:- "$tmp"
  else
    normalise "$src" "$tmp"
  fi
  mv "$tmp" "$out/$file"  # only complete files get the real name, so a rerun after ^C is safe
  made=$((made + 1))
done < "$manifest"
mv "$groups" "$out/groups.tsv"

removed=0
for f in "$out"/*.jpg; do
  [ -e "$f" ] || continue
  if ! grep -qxF "$(basename "$f")" "$listed"; then rm -f "$f"; removed=$((removed + 1)); fi
done
total=$(ls "$out" | grep -c '\.jpg$' || true)
ngroups=$(tail -n +2 "$out/groups.tsv" | cut -f2 | sort -u | wc -l)
echo "packages: $(echo "$packages" | wc -w) ($downloaded newly extracted); photos: $made written, $kept already there, $removed no longer listed removed, $missing missing"
echo "$total photos in $out; $(($(wc -l < "$out/groups.tsv") - 1)) of them in $ngroups groups (groups.tsv)"
[ "$missing" -eq 0 ]
