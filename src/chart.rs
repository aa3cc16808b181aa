//! Charts as SVG strings, drawn with plotters' SVG backend (no I/O, no fonts needed).
//!
//! Axis lines and text are drawn in marker colours and then switched to `currentColor`,
//! so a chart follows the page's text colour in light and dark mode; grid lines become
//! faint `currentColor`. Each chart carries a `<title>` and `<desc>` for screen readers.
//! Every bar is one `<rect>` and every data point one `<circle>`, each with a `<title>`
//! giving its value on hover. The viewBox is narrow and the text large, so that labels
//! stay readable when the chart is scaled down to a phone's width; at most
//! [`MAX_X_LABELS`] category labels are written.

use plotters::prelude::*;

pub mod timeline;

const INK: RGBColor = RGBColor(1, 1, 1);
const GRID: RGBColor = RGBColor(2, 2, 2);
pub const BLUE: RGBColor = RGBColor(0x3b, 0x6f, 0xd9);
pub const GREEN: RGBColor = RGBColor(0x2e, 0x9e, 0x6a);
pub const RED: RGBColor = RGBColor(0xd9, 0x4a, 0x3d);
pub const ORANGE: RGBColor = RGBColor(0xe0, 0x8a, 0x1e);
pub const PURPLE: RGBColor = RGBColor(0x8a, 0x63, 0xd2);
pub const GRAY: RGBColor = RGBColor(0x8a, 0x93, 0xa3);

const SIZE: (u32, u32) = (480, 270);
/// Text size in viewBox units (plotters draws it at about 0.8 of this).
const FONT: u32 = 19;
/// At most this many category labels on the x axis.
pub const MAX_X_LABELS: usize = 5;

/// CSS colour of a series, for legends next to the chart.
pub fn css(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// What a chart is about.
pub struct Spec<'a> {
    /// Unique within the page; used for the title and description ids.
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub y_label: &'a str,
    /// Values are fractions shown as percentages.
    pub percent: bool,
}

/// One series of a line chart (gaps where a value is `None`).
pub struct Line<'a> {
    pub name: &'a str,
    pub color: RGBColor,
    pub values: Vec<Option<f64>>,
    pub connect: bool,
}

/// One layer of a stacked bar chart.
pub struct Layer<'a> {
    pub name: &'a str,
    pub color: RGBColor,
    pub values: Vec<f64>,
}

/// The top of the y axis, from the data: a little above the largest value; for
/// percentages the next of 10%, 20%, 25%, 50% or 100% above it.
fn y_max(max: f64, percent: bool) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    if percent {
        [0.1, 0.2, 0.25, 0.5, 1.0]
            .into_iter()
            .find(|&top| max * 1.05 <= top)
            .unwrap_or(1.0)
    } else {
        (max * 1.12).max(1.0)
    }
}

/// A value as its tooltip shows it.
fn value_text(v: f64, percent: bool) -> String {
    if percent {
        format!("{:.1}%", v * 100.0)
    } else if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Bars: one value per label.
pub fn bars(spec: &Spec, labels: &[String], values: &[f64], color: RGBColor) -> String {
    stacked(
        spec,
        labels,
        &[Layer {
            name: spec.y_label,
            color,
            values: values.to_vec(),
        }],
    )
}

/// Stacked bars: layers drawn bottom to top.
pub fn stacked(spec: &Spec, labels: &[String], layers: &[Layer]) -> String {
    let value = |l: &Layer, i: usize| l.values.get(i).copied().unwrap_or(0.0);
    let top = (0..labels.len())
        .map(|i| layers.iter().map(|l| value(l, i)).sum::<f64>())
        .fold(0.0, f64::max);
    draw(spec, labels, y_max(top, spec.percent), |chart| {
        let mut titles = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            let mut base = 0.0;
            for layer in layers {
                let v = value(layer, i);
                if v > 0.0 {
                    let x = i as f64;
                    let _ = chart.draw_series(std::iter::once(Rectangle::new(
                        [(x - 0.38, base), (x + 0.38, base + v)],
                        layer.color.filled(),
                    )));
                    titles.push(format!(
                        "{label}: {} {}",
                        layer.name,
                        value_text(v, spec.percent)
                    ));
                    base += v;
                }
            }
        }
        titles
    })
}

/// Lines with a point per value; `connect = false` draws the points alone.
pub fn lines(spec: &Spec, labels: &[String], series: &[Line]) -> String {
    let top = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .fold(0.0, f64::max);
    draw(spec, labels, y_max(top, spec.percent), |chart| {
        let mut titles = Vec::new();
        for s in series {
            let points: Vec<(f64, f64)> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i as f64, v)))
                .collect();
            if s.connect {
                // Connect consecutive values only; a gap breaks the line.
                for run in points
                    .chunk_by(|a, b| b.0 - a.0 == 1.0)
                    .filter(|run| run.len() > 1)
                {
                    let _ = chart.draw_series(LineSeries::new(
                        run.iter().copied(),
                        s.color.stroke_width(2),
                    ));
                }
            }
            let radius = if s.connect { 4 } else { 6 };
            let _ = chart.draw_series(
                points
                    .iter()
                    .map(|&p| Circle::new(p, radius, s.color.filled())),
            );
            titles.extend(points.iter().map(|&(x, v)| {
                let label = labels.get(x as usize).map_or("", String::as_str);
                format!("{label}: {} {}", s.name, value_text(v, spec.percent))
            }));
        }
        titles
    })
}

/// The frame (axes, grid, labels) with `marks` drawn in it, as finished SVG.
/// `marks` returns the tooltip of each mark (`<rect>` or `<circle>`) in drawing order.
fn draw(
    spec: &Spec,
    labels: &[String],
    ymax: f64,
    marks: impl FnOnce(&mut Ctx<'_, '_>) -> Vec<String>,
) -> String {
    let n = u32::try_from(labels.len()).unwrap_or(u32::MAX);
    let mut svg = String::new();
    let titles;
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        let Ok(mut chart) = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(64)
            .build_cartesian_2d(x_range(n), 0f64..ymax)
        else {
            return String::new();
        };
        mesh(&mut chart, labels, spec);
        titles = marks(&mut chart);
        let _ = root.present();
    }
    finish(with_titles(&svg, &titles), spec)
}

/// Gives the n-th `<rect>` or `<circle>` the n-th title, so hovering a mark shows it.
fn with_titles(svg: &str, titles: &[String]) -> String {
    let mut out = String::with_capacity(svg.len() + titles.len() * 48);
    let mut titles = titles.iter();
    let mut rest = svg;
    // One pass: the next `<` that opens a mark (looking for each tag separately read the
    // rest of the picture again for every mark of a chart without the other tag).
    let next_mark = |s: &str| {
        s.match_indices('<')
            .map(|(i, _)| i)
            .find(|&i| s[i..].starts_with("<rect ") || s[i..].starts_with("<circle "))
    };
    while let Some(at) = next_mark(rest) {
        let Some(end) = rest[at..].find("/>").map(|e| at + e) else {
            break;
        };
        let tag = if rest[at..].starts_with("<rect") {
            "rect"
        } else {
            "circle"
        };
        out.push_str(&rest[..end]);
        match titles.next() {
            Some(t) => {
                out.push_str("><title>");
                out.push_str(&crate::html::escape(t));
                out.push_str("</title></");
                out.push_str(tag);
                out.push('>');
            }
            None => out.push_str("/>"),
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

type Ctx<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// Category `i` is centred on `i`.
fn x_range(n: u32) -> std::ops::Range<f64> {
    -0.5..(n.max(1) as f64 - 0.5)
}

fn mesh(chart: &mut Ctx, labels: &[String], spec: &Spec) {
    // Ticks fall on whole numbers (categories) or between them (no label).
    let label = |v: &f64| {
        let i = v.round();
        if (v - i).abs() < 1e-6 && i >= 0.0 {
            labels.get(i as usize).cloned().unwrap_or_default()
        } else {
            String::new()
        }
    };
    let percent = |v: &f64| format!("{:.0}%", v * 100.0);
    // Counts: label whole numbers only.
    let plain = |v: &f64| {
        if v.fract().abs() < 1e-9 {
            format!("{v:.0}")
        } else {
            String::new()
        }
    };
    let mut mesh = chart.configure_mesh();
    mesh.disable_x_mesh()
        .max_light_lines(0)
        .x_labels(labels.len().clamp(1, MAX_X_LABELS))
        .y_labels(6)
        .x_label_formatter(&label)
        .y_desc(spec.y_label)
        .axis_style(INK)
        .bold_line_style(GRID)
        .label_style(("sans-serif", FONT).into_font().color(&INK))
        .axis_desc_style(("sans-serif", FONT).into_font().color(&INK));
    if spec.percent {
        mesh.y_label_formatter(&percent);
    } else {
        mesh.y_label_formatter(&plain);
    }
    let _ = mesh.draw();
}

/// Accessible, theme-following SVG.
fn finish(svg: String, spec: &Spec) -> String {
    let esc = crate::html::escape;
    let Some(end) = svg.find('>') else { return svg };
    let head = format!(
        r#"<svg class="chart" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{t}</title><desc id="{id}-desc">{d}</desc>"#,
        w = SIZE.0,
        h = SIZE.1,
        id = spec.id,
        t = esc(spec.title),
        d = esc(spec.desc)
    );
    let body = svg[end + 1..].replace("#010101", "currentColor").replace(
        r##"stroke="#020202""##,
        r#"stroke="currentColor" stroke-opacity="0.15""#,
    );
    head + &body
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec<'static> {
        Spec {
            id: "c",
            title: "Releases <per> month",
            desc: "desc",
            y_label: "releases",
            percent: false,
        }
    }

    #[test]
    fn bars_have_one_rect_each_and_follow_the_theme() {
        let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let svg = bars(&spec(), &labels, &[1.0, 0.0, 3.0], BLUE);
        assert_eq!(
            svg.matches("<rect").count(),
            2,
            "zero-height bars are not drawn"
        );
        assert!(svg.contains("<title id=\"c-title\">Releases &lt;per&gt; month</title>"));
        assert!(!svg.contains("#010101") && !svg.contains("#020202"));
        assert!(svg.contains("currentColor"));
        assert_eq!(
            svg,
            bars(&spec(), &labels, &[1.0, 0.0, 3.0], BLUE),
            "deterministic"
        );
    }

    #[test]
    fn lines_draw_points_and_skip_gaps() {
        let labels: Vec<String> = (0..5).map(|i| i.to_string()).collect();
        let s = Line {
            name: "x",
            color: RED,
            values: vec![Some(0.1), None, Some(0.3), Some(0.5), None],
            connect: true,
        };
        let svg = lines(
            &Spec {
                percent: true,
                ..spec()
            },
            &labels,
            &[s],
        );
        assert_eq!(svg.matches("<circle").count(), 3);
        assert_eq!(
            svg.matches("<polyline fill=\"none\" opacity=\"1\" stroke=\"#D94A3D\"")
                .count(),
            1,
            "{svg}"
        );
        assert!(
            svg.contains(">\n100%\n<") || svg.contains("100%"),
            "percent axis"
        );
    }

    #[test]
    fn marks_have_a_tooltip_and_the_axis_fits_the_data() {
        let labels: Vec<String> = (0..40).map(|i| format!("v{i}")).collect();
        let values: Vec<Option<f64>> = (0..40).map(|i| Some(f64::from(i % 5) * 0.03)).collect();
        let s = Line {
            name: "escape rate",
            color: PURPLE,
            values,
            connect: true,
        };
        let svg = lines(
            &Spec {
                percent: true,
                ..spec()
            },
            &labels,
            &[s],
        );
        // Largest value 12%: the axis ends at 20%, not 100%.
        assert!(svg.contains("\n20%\n") && !svg.contains("100%"), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 40);
        assert_eq!(
            svg.matches("</circle>").count(),
            40,
            "every point has a title"
        );
        assert!(
            svg.contains("<title>v3: escape rate 9.0%</title></circle>"),
            "{svg}"
        );
        // Few, large labels: at most MAX_X_LABELS versions written.
        let written = labels
            .iter()
            .filter(|l| svg.contains(&format!("\n{l}\n")))
            .count();
        assert!((1..=MAX_X_LABELS).contains(&written), "{written}");
        assert!(svg.contains(r#"viewBox="0 0 480 270""#));
        let bars = bars(&spec(), &labels[..2], &[2.0, 0.5], BLUE);
        assert!(
            bars.contains("<title>v0: releases 2</title></rect>"),
            "{bars}"
        );
        assert!(
            bars.contains("<title>v1: releases 0.5</title></rect>"),
            "{bars}"
        );
    }

    #[test]
    fn empty_data_still_draws_a_frame() {
        let svg = bars(&spec(), &[], &[], BLUE);
        assert!(svg.starts_with("<svg class=\"chart\""));
        assert_eq!(svg.matches("<rect").count(), 0);
    }
}
