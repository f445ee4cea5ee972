#!/usr/bin/env bash
# Times the QR encoders on the label sheet's payloads (bench/qr-encoders, a release build without Typst).
set -euo pipefail
cd "$(dirname "$0")/qr-encoders"
cargo run --release --quiet
