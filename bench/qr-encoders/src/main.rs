//! Times three QR encoders on the 40 tracking URLs of `examples/label-sheet.json` (level M), the median of 21
//! rounds each, so the choice of encoder in `quire-render/src/symbols` rests on a measurement.

use std::time::Instant;

use rxing::{BarcodeFormat, EncodeHints, MultiFormatWriter, Writer};

const ROUNDS: usize = 21;

fn median_ms(mut run: impl FnMut() -> usize) -> (f64, usize) {
    let mut times = Vec::with_capacity(ROUNDS);
    let mut modules = 0;
    for _ in 0..ROUNDS {
        let started = Instant::now();
        modules = run();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[ROUNDS / 2], modules)
}

fn main() {
    let payloads: Vec<String> = (0..40).map(|i| format!("https://track.example/p/1Z999AA1{:010}", i * 7919)).collect();
    let (rxing, a) = median_ms(|| {
        let hints = EncodeHints { Margin: Some("0".into()), ErrorCorrection: Some("M".into()), ..EncodeHints::default() };
        let writer = MultiFormatWriter;
        payloads
            .iter()
            .map(|p| writer.encode_with_hints(p, &BarcodeFormat::QR_CODE, 0, 0, &hints).map_or(0, |m| m.getWidth() as usize))
            .sum()
    });
    let (kennytm, b) = median_ms(|| {
        payloads
            .iter()
            .map(|p| qrcode::QrCode::with_error_correction_level(p.as_bytes(), qrcode::EcLevel::M).map_or(0, |c| c.width()))
            .sum()
    });
    let (fast, c) = median_ms(|| {
        payloads
            .iter()
            .map(|p| fast_qr::qr::QRBuilder::new(p.as_bytes()).ecl(fast_qr::ECL::M).build().map_or(0, |q| q.size))
            .sum()
    });
    assert!(a == b && b == c, "the three encoders chose the same versions ({a}, {b}, {c} modules wide in total)");
    println!("40 QR codes, level M, 40-byte URLs (median of {ROUNDS} rounds):");
    println!("  rxing 0.9      {rxing:7.2} ms");
    println!("  qrcode 0.14    {kennytm:7.2} ms");
    println!("  fast_qr 0.13   {fast:7.2} ms");
}
