//! The hazard-characteristic pictograms of HJ 1276-2022 (危险特性警示图形) as vector shapes: a
//! white diamond with a red border and a black symbol (skull and crossbones, dripping tubes,
//! flame, bursting bomb, biohazard trefoil), the Chinese word under it. No image files. Knows
//! only the [`Canvas`]; where a pictogram goes is the label's business.

use super::layout::{circle_points, Canvas, Style, BLACK, WHITE};
use super::{Align, Pictogram};

const RED: (f32, f32, f32) = (0.85, 0.0, 0.0);

/// Draws `p` in the `d` × `d` square whose top-left corner is (`x`, `y`), and its word in
/// `word` centred under the square. Returns the y below the word.
pub(crate) fn draw(c: &mut Canvas, p: Pictogram, x: f32, y: f32, d: f32, word: Style) -> f32 {
    let (cx, cy) = (x + d / 2.0, y + d / 2.0);
    let border_pt = (d * 0.22).clamp(1.0, 6.0); // ≈ 0.08 of the side, in points
    let inset = d * 0.03;
    c.shape(
        &[
            (cx, y + inset, false),
            (x + d - inset, cy, false),
            (cx, y + d - inset, false),
            (x + inset, cy, false),
            (cx, y + inset, false),
        ],
        Some(WHITE),
        Some((RED, border_pt)),
    );
    // Symbol coordinates: u, v in −1…1 around the centre, scaled to fit inside the diamond.
    let h = d * 0.25;
    let at = |u: f32, v: f32| (cx + u * h, cy + v * h);
    let pt = |u: f32, v: f32, b: bool| {
        let (px, py) = at(u, v);
        (px, py, b)
    };
    let lw = |k: f32| super::layout::mm_to_pt(h * k);
    match p {
        Pictogram::Toxic => {
            // Crossbones behind the skull.
            for (a, b) in [((-0.95, 0.35), (0.95, 1.0)), ((-0.95, 1.0), (0.95, 0.35))] {
                let (x1, y1) = at(a.0, a.1);
                let (x2, y2) = at(b.0, b.1);
                c.line_color(x1, y1, x2, y2, lw(0.2), BLACK);
                for (ex, ey) in [(x1, y1), (x2, y2)] {
                    c.fill_circle(ex, ey, h * 0.12, BLACK);
                }
            }
            let (sx, sy) = at(0.0, -0.4);
            c.fill_circle(sx, sy, h * 0.55, BLACK);
            c.shape(
                &[
                    pt(-0.3, -0.1, false),
                    pt(0.3, -0.1, false),
                    pt(0.3, 0.3, false),
                    pt(-0.3, 0.3, false),
                    pt(-0.3, -0.1, false),
                ],
                Some(BLACK),
                None,
            );
            for u in [-0.22, 0.22] {
                let (ex, ey) = at(u, -0.42);
                c.fill_circle(ex, ey, h * 0.14, WHITE);
            }
            let (nx, ny) = at(0.0, -0.12);
            c.fill_circle(nx, ny, h * 0.06, WHITE);
        }
        Pictogram::Flammable => {
            c.shape(
                &[
                    pt(0.0, -1.0, false),
                    pt(0.3, -0.55, true),
                    pt(0.7, -0.25, true),
                    pt(0.62, 0.25, false),
                    pt(0.56, 0.6, true),
                    pt(0.3, 0.72, true),
                    pt(0.0, 0.72, false),
                    pt(-0.35, 0.72, true),
                    pt(-0.64, 0.5, true),
                    pt(-0.6, 0.12, false),
                    pt(-0.57, -0.15, true),
                    pt(-0.42, -0.3, true),
                    pt(-0.33, -0.55, false),
                    pt(-0.2, -0.35, true),
                    pt(-0.12, -0.28, true),
                    pt(-0.06, -0.3, false),
                    pt(0.02, -0.5, true),
                    pt(0.05, -0.78, true),
                    pt(0.0, -1.0, false),
                ],
                Some(BLACK),
                None,
            );
            // The white inner tongue and the base bar.
            c.shape(
                &[
                    pt(0.05, -0.05, false),
                    pt(0.3, 0.2, true),
                    pt(0.3, 0.55, true),
                    pt(0.0, 0.58, false),
                    pt(-0.3, 0.55, true),
                    pt(-0.3, 0.25, true),
                    pt(0.05, -0.05, false),
                ],
                Some(WHITE),
                None,
            );
            c.shape(
                &[
                    pt(-0.85, 0.82, false),
                    pt(0.85, 0.82, false),
                    pt(0.85, 0.98, false),
                    pt(-0.85, 0.98, false),
                    pt(-0.85, 0.82, false),
                ],
                Some(BLACK),
                None,
            );
        }
        Pictogram::Corrosive => {
            // Two tilted tubes, each dripping.
            for (sign, tip) in [(-1.0f32, (-0.45f32, -0.35f32)), (1.0, (0.45, -0.35))] {
                let base = (tip.0 - sign * 0.35, tip.1 - 0.55);
                let (dx, dy) = (0.1f32, sign * 0.06);
                c.shape(
                    &[
                        pt(base.0 - dx, base.1 + dy, false),
                        pt(base.0 + dx, base.1 - dy, false),
                        pt(tip.0 + dx, tip.1 - dy, false),
                        pt(tip.0 - dx, tip.1 + dy, false),
                        pt(base.0 - dx, base.1 + dy, false),
                    ],
                    Some(BLACK),
                    None,
                );
                for k in [0.0f32, 0.28] {
                    let (gx, gy) = at(tip.0, tip.1 + 0.22 + k);
                    c.fill_circle(gx, gy, h * 0.08, BLACK);
                }
            }
            // A bar (left) and a hand (right), each with a bite eaten out.
            c.shape(
                &[
                    pt(-0.95, 0.55, false),
                    pt(-0.1, 0.55, false),
                    pt(-0.1, 0.95, false),
                    pt(-0.95, 0.95, false),
                    pt(-0.95, 0.55, false),
                ],
                Some(BLACK),
                None,
            );
            c.shape(
                &[
                    pt(0.1, 0.62, false),
                    pt(0.35, 0.5, false),
                    pt(0.95, 0.5, false),
                    pt(0.95, 0.95, false),
                    pt(0.1, 0.95, false),
                    pt(0.1, 0.62, false),
                ],
                Some(BLACK),
                None,
            );
            for u in [-0.45f32, 0.45] {
                let (bx, by) = at(u, 0.55);
                c.fill_circle(bx, by, h * 0.13, WHITE);
            }
        }
        Pictogram::Reactive => {
            // A bomb with a fuse, bursting.
            let (bx, by) = at(-0.15, 0.3);
            c.fill_circle(bx, by, h * 0.55, BLACK);
            c.shape(
                &[
                    pt(0.12, -0.15, false),
                    pt(0.35, -0.38, false),
                    pt(0.46, -0.27, false),
                    pt(0.23, -0.04, false),
                    pt(0.12, -0.15, false),
                ],
                Some(BLACK),
                None,
            );
            let (fx, fy) = at(0.52, -0.48);
            let rays = 8;
            for i in 0..rays {
                let a = i as f32 * std::f32::consts::TAU / rays as f32;
                let (x1, y1) = (fx + a.cos() * h * 0.12, fy + a.sin() * h * 0.12);
                let (x2, y2) = (fx + a.cos() * h * 0.42, fy + a.sin() * h * 0.42);
                c.line_color(x1, y1, x2, y2, lw(0.09), BLACK);
            }
        }
        Pictogram::Infectious => {
            // Three black discs on a triangle, hollowed by white discs further out: three
            // crescents around a white hub — the biohazard trefoil, simplified.
            let angles = [-90.0f32, 30.0, 150.0].map(f32::to_radians);
            for a in angles {
                c.shape(&circle_points(cx + a.cos() * h * 0.42, cy + a.sin() * h * 0.42, h * 0.46), Some(BLACK), None);
            }
            for a in angles {
                c.fill_circle(cx + a.cos() * h * 0.62, cy + a.sin() * h * 0.62, h * 0.32, WHITE);
            }
            c.fill_circle(cx, cy, h * 0.16, WHITE);
            for a in angles {
                let (x1, y1) = (cx + a.cos() * h * 0.12, cy + a.sin() * h * 0.12);
                let (x2, y2) = (cx + a.cos() * h * 0.35, cy + a.sin() * h * 0.35);
                c.line_color(x1, y1, x2, y2, lw(0.08), WHITE);
            }
        }
    }
    let wy = y + d + d * 0.02;
    c.text_in(x - d, d * 3.0, wy, p.word_zh(), word, Align::Center);
    wy + word.line_mm()
}
