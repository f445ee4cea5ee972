#!/usr/bin/env bash
# Prints every example's workbook as a person would: renders it to xlsx with `quire render`, converts it to PDF
# with LibreOffice headless (Debian: libreoffice-calc-nogui), and writes page 1 of each as a PNG to look at.
# Checks that each printed page is the template's paper width and that no table column was cut off onto a page
# of its own (the sheets print one page wide).
#
#   bash bench/xlsx-print.sh [output folder]      (default: a new temporary folder; its path is printed)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null || { echo "needs LibreOffice: apt-get install libreoffice-calc-nogui" >&2; exit 1; }
out=${1:-$(mktemp -d)}
mkdir -p "$out"
cargo build -q -p quire
bin=${CARGO_TARGET_DIR:-target}/debug/quire
for template in examples/*.json; do
  name=$(basename "$template" .json)
  [[ $name == *.data ]] && continue
  "$bin" render "$template" --data "examples/$name.data.json" -f xlsx -o "$out/$name.xlsx" >/dev/null
done
(cd "$out" && soffice --headless --convert-to pdf --outdir "$out" ./*.xlsx >/dev/null 2>&1)
status=0
for pdf in "$out"/*.pdf; do
  name=$(basename "$pdf" .pdf)
  pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  size=$(pdfinfo "$pdf" | awk -F': *' '/^Page size:/ {print $2}')
  pdftoppm -r 60 -png -f 1 -l 1 "$pdf" "$out/$name"
  # A column printed on a page of its own shows up as a page with text but never two words on a line (a page of
  # pictures only, such as the label sheet's codes, has no text and does not count).
  lonely=0
  for ((p = 1; p <= pages; p++)); do
    words=$(pdftotext -f "$p" -l "$p" -layout "$pdf" - | awk '{ if (NF > m) m = NF } END { print m + 0 }')
    [ "$words" -eq 1 ] && lonely=$((lonely + 1))
  done
  echo "$name: $pages page(s), $size, pages with a single column: $lonely"
  [ "$lonely" -eq 0 ] || status=1
done
echo "PNGs and PDFs in $out"
exit $status
